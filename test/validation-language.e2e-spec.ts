import { createMember, createPost, type TestMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * `400 VALIDATION_FAILED` answers its `details` in the caller's language (`Accept-Language`):
 * Chinese for `zh…`, class-validator's English otherwise. Fields and codes never change.
 */
describe('Validation details in the caller’s language', () => {
  let t: TestApp;
  let member: TestMember;

  beforeAll(async () => {
    t = await createTestApp();
    member = await createMember(t);
  });
  afterAll(() => t.close());

  const tooLongPost = { title: 'x'.repeat(201), body: 'Body', visibility: 'friends', extra: 1 };

  it('answers Chinese details with Accept-Language: zh-CN, naming the same fields', async () => {
    const res = await t
      .http()
      .post('/api/posts')
      .set(member.auth)
      .set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8')
      .send(tooLongPost)
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      details: expect.arrayContaining([
        { field: 'extra', messages: ['不是可接受的字段'] },
        { field: 'title', messages: ['不能为空，且不能超过 200 个字符'] },
        { field: 'visibility', messages: ['须为以下之一：public、members、golden_crown'] },
      ]),
    });
    expect(res.body.details).toHaveLength(3);
  });

  it('answers class-validator’s English without the header, or for a language it does not speak', async () => {
    for (const language of [undefined, 'fr-FR, de']) {
      const request = t.http().post('/api/posts').set(member.auth);
      if (language) request.set('Accept-Language', language);
      const res = await request.send(tooLongPost).expect(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { field: 'extra', messages: ['property extra should not exist'] },
          {
            field: 'title',
            messages: ['title must be shorter than or equal to 200 characters'],
          },
        ]),
      );
    }
  });

  it('says each constraint with its own bounds (registration)', async () => {
    const register = await t
      .http()
      .post('/api/auth/register')
      .set('Accept-Language', 'zh')
      .send({ email: 'not-an-email', password: 'short', displayName: '李雷' })
      .expect(400);
    expect(register.body.details).toEqual(
      expect.arrayContaining([
        { field: 'email', messages: ['须为有效的邮箱地址'] },
        { field: 'password', messages: expect.arrayContaining(['须为 10–128 个字符']) },
      ]),
    );
  });

  it('answers the problems a service finds in Chinese too: a wrong current password', async () => {
    const res = await t
      .http()
      .post('/api/auth/password')
      .set(member.auth)
      .set('Accept-Language', 'zh-CN')
      .send({ currentPassword: 'not the password', newPassword: 'a brand new passphrase 42' })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'currentPassword', messages: ['不正确'] }]);
  });

  it('answers the input-safety check and a malformed cursor in Chinese', async () => {
    const post = await createPost(t, member);
    const unsafe = await t
      .http()
      .patch(`/api/posts/${post.id}`)
      .set(member.auth)
      .set('Accept-Language', 'zh-CN')
      .send({ title: 'a\u0000b' })
      .expect(400);
    expect(unsafe.body.details).toEqual([
      { field: 'title', messages: ['不能包含控制字符（制表符和换行除外）'] },
    ]);
    const cursor = await t
      .http()
      .get('/api/posts')
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set('Accept-Language', 'zh-CN')
      .expect(400);
    expect(cursor.body.details).toEqual([
      { field: 'cursor', messages: ['无效（请从第一页重新开始）'] },
    ]);
  });
});

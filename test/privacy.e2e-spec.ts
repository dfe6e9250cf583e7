import { PersonalDataService } from '../src/modules/privacy/personal-data.service';
import {
  countRows,
  createApplication,
  createComment,
  createMember,
  createModerator,
  createPost,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Privacy: export and erasure (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    });
  });
  afterAll(() => t.close());

  it('gathers a section from every feature that holds personal data', () => {
    expect(t.app.get(PersonalDataService).sections()).toEqual(
      expect.arrayContaining([
        'profile',
        'sessions',
        'notifications',
        'reports',
        'consents',
        'posts',
        'applications',
      ]),
    );
  });

  it('exports the member’s data and nobody else’s', async () => {
    const member = await createMember(t, { displayName: '导出测试' });
    const other = await createMember(t, { displayName: '别人' });
    const mine = await createPost(t, member, { title: '我的帖子', body: '内容' });
    const theirs = await createPost(t, other, { title: '别人的帖子', body: '内容' });
    await createComment(t, other, mine.id, { body: '别人的评论' });
    await t
      .http()
      .post('/api/reports')
      .set(member.auth)
      .send({ targetType: 'post', targetId: theirs.id, reason: '不相关' })
      .expect(201);

    const res = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
    expect(res.body).toMatchObject({
      memberId: member.id,
      exportedAt: expect.any(String),
      profile: { id: member.id, email: member.email, displayName: '导出测试' },
      notifications: [expect.objectContaining({ type: 'comment_on_post' })],
      reports: [expect.objectContaining({ targetId: theirs.id, reporterId: member.id })],
      sessions: [expect.objectContaining({ id: member.sessionId, revokedAt: null })],
      posts: {
        posts: [expect.objectContaining({ id: mine.id, title: '我的帖子' })],
        comments: [],
        likes: [],
      },
    });
    const text = JSON.stringify(res.body);
    // Others appear only as ids (a commenter, the author of a reported post): never their data.
    expect(text).not.toContain(other.email);
    expect(text).not.toContain('别人的评论');
    expect(text).not.toContain('别人的帖子');
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('$argon2');
  });

  it('erases nothing without the password (400) or with a wrong one (403 PASSWORD_INCORRECT)', async () => {
    const member = await createMember(t, { displayName: '谨慎的人' });
    const missing = await t.http().delete('/api/members/me').set(member.auth).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.details[0].field).toBe('password');
    const wrong = await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: 'not-my-password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('PASSWORD_INCORRECT');
    expect(
      await countRows(
        t,
        'members',
        `id = '${member.id}' AND erased_at IS NULL AND display_name = '谨慎的人'`,
      ),
    ).toBe(1);
    expect(
      await countRows(t, 'audit_log', `action = 'member.erased' AND target_id = '${member.id}'`),
    ).toBe(0);
    await t.http().get('/api/members/me').set(member.auth).expect(200);
  });

  it('erases personal data, keeps content under "deleted member", kills every token, frees the email', async () => {
    const member = await createMember(t, { displayName: '要走的人' });
    const second = await t
      .http()
      .post('/api/auth/login')
      .send({ email: member.email, password: member.password })
      .expect(200);
    const post = await createPost(t, member, { title: '留下的经验', body: '内容' });

    await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password })
      .expect(204);

    for (const token of [member.accessToken, second.body.accessToken as string]) {
      const res = await t.http().get('/api/members/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
    }
    await t.http().get('/api/members/me/export').set(member.auth).expect(401);
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: member.email, password: member.password })
      .expect(401);

    const kept = await t.http().get(`/api/posts/${post.id}`).expect(200);
    expect(kept.body.author).toMatchObject({ id: member.id, displayName: 'deleted member' });
    const [row] = await t.dataSource.query<
      { email: string | null; password_hash: string | null; display_name: string }[]
    >('SELECT email, password_hash, display_name FROM members WHERE id = $1', [member.id]);
    expect(row).toEqual({ email: null, password_hash: null, display_name: 'deleted member' });
    expect(await countRows(t, 'auth_sessions', 'member_id = $1', [member.id])).toBe(0);
    expect(
      await countRows(t, 'audit_log', "action = 'member.erased' AND target_id = $1", [member.id]),
    ).toBe(1);

    const again = await t
      .http()
      .post('/api/auth/register')
      .send({ email: member.email, password: 'a-fresh-start-passphrase', displayName: '新的我' });
    expect(again.status).toBe(201);
    expect(again.body.member.id).not.toBe(member.id);
  });

  it('exports an application with its consent, and erasure withdraws it and wipes its figures', async () => {
    const member = await createMember(t);
    const rules = await t.http().get('/api/membership/golden-crown/rules').expect(200);
    const application = await createApplication(t, member, {
      motivation: '交流经验',
      privacyAgreementVersion: rules.body.privacyAgreementVersion as string,
    });
    const exported = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
    expect(exported.body.applications).toEqual([
      expect.objectContaining({
        id: application.id,
        annualTurnoverCny: 85_000_000,
        status: 'pending',
      }),
    ]);
    expect(exported.body.consents).toEqual([
      expect.objectContaining({
        purpose: 'golden_crown_application',
        subjectId: application.id,
      }),
    ]);

    await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password })
      .expect(204);
    const [row] = await t.dataSource.query<
      { status: string; company_name: string; annual_turnover_cny: string; motivation: string }[]
    >(
      'SELECT status, company_name, annual_turnover_cny, motivation FROM membership_applications WHERE id = $1',
      [application.id],
    );
    expect(row).toEqual({
      status: 'withdrawn',
      company_name: '',
      annual_turnover_cny: '0',
      motivation: '',
    });
  });

  it('lets a suspended member erase their account', async () => {
    const member = await createMember(t, { suspendedUntil: new Date(Date.now() + 3_600_000) });
    await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password })
      .expect(204);
  });

  it('hides an erased member’s public profile', async () => {
    const member = await createMember(t);
    const moderator = await createModerator(t);
    await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password })
      .expect(204);
    await t.http().get(`/api/members/${member.id}`).expect(404);
    const search = await t
      .http()
      .get('/api/moderation/members')
      .query({ q: member.displayName })
      .set(moderator.auth)
      .expect(200);
    expect(search.body.items).toEqual([]);
  });
});

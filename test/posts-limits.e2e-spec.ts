import { countRows, createComment, createMember, createPost } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Post writes and their limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '3',
      RATE_LIMIT_SEARCH_PER_MINUTE: '2',
    });
  });
  afterAll(() => t.close());

  it('refuses every write of a suspended member with 403 MEMBER_SUSPENDED, storing nothing', async () => {
    const writer = await createMember(t);
    const post = await createPost(t, writer, { title: 'x', body: 'y' });
    const suspended = await createMember(t, { suspendedUntil: new Date(Date.now() + 3_600_000) });
    const before = await countRows(t, 'posts');

    const create = await t
      .http()
      .post('/api/posts')
      .set(suspended.auth)
      .send({ title: 'x', body: 'y' });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('MEMBER_SUSPENDED');
    const like = await t.http().put(`/api/posts/${post.id}/like`).set(suspended.auth);
    expect(like.status).toBe(403);
    const comment = await t
      .http()
      .post(`/api/posts/${post.id}/comments`)
      .set(suspended.auth)
      .send({ body: 'x' });
    expect(comment.status).toBe(403);

    expect(await countRows(t, 'posts')).toBe(before);
    expect(await countRows(t, 'post_likes', 'member_id = $1', [suspended.id])).toBe(0);
    expect(await countRows(t, 'post_comments', 'author_id = $1', [suspended.id])).toBe(0);
    // Reading is still allowed.
    expect((await t.http().get(`/api/posts/${post.id}`).set(suspended.auth)).status).toBe(200);
  });

  it('counts posts, likes and comments against RATE_LIMIT_WRITE_PER_MINUTE', async () => {
    // The factories write through the API: the post and the comment count like the like.
    const writer = await createMember(t);
    const post = await createPost(t, writer, { title: 'x', body: 'y' });
    await t.http().put(`/api/posts/${post.id}/like`).set(writer.auth).expect(200);
    await createComment(t, writer, post.id, { body: 'x' });

    const over = await t
      .http()
      .post(`/api/posts/${post.id}/comments`)
      .set(writer.auth)
      .send({ body: 'one too many' });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(over.headers['retry-after']).toBeDefined();
    expect(await countRows(t, 'post_comments', 'author_id = $1', [writer.id])).toBe(1);
    // Reads are not limited.
    expect((await t.http().get(`/api/posts/${post.id}`).set(writer.auth)).status).toBe(200);
  });

  it('counts previews against the search limit, not the write limit', async () => {
    const writer = await createMember(t);
    const preview = () =>
      t.http().post('/api/posts/preview').set(writer.auth).send({ body: '**x**' });
    expect((await preview()).status).toBe(200);
    expect((await preview()).status).toBe(200);
    const over = await preview();
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(over.headers['retry-after']).toBeDefined();
    // One counter: a search is refused too, and writing is not.
    expect((await t.http().get('/api/posts?q=x').set(writer.auth)).status).toBe(429);
    await createPost(t, writer);
  });
});

import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { PostCommentedEvent } from '../src/modules/posts/posts.events';
import { CommentsService } from '../src/modules/posts/comments.service';
import { MembersService } from '../src/modules/members/members.service';
import {
  countRows,
  createComment,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  type PostOverrides,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/** The ids of a list answer, in order. */
const idsOf = (body: unknown): string[] =>
  (body as { items: { id: string }[] }).items.map((item) => item.id);

describe('Post comments (e2e)', () => {
  let t: TestApp;
  let author: TestMember;
  let member: TestMember;
  let other: TestMember;
  let moderator: TestMember;
  const events: PostCommentedEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
    author = await createGoldenCrownMember(t);
    member = await createMember(t);
    other = await createMember(t);
    moderator = await createModerator(t);
    t.app.get(EventEmitter2).on('post.commented', (event: PostCommentedEvent) => {
      events.push(event);
    });
  });
  afterAll(() => t.close());

  /** The id of a new post by `author`. */
  const newPost = async (overrides: PostOverrides = {}) =>
    (await createPost(t, author, overrides)).id;

  const commentCount = async (postId: string, as?: TestMember) => {
    const req = t.http().get(`/api/posts/${postId}`);
    return (await (as ? req.set(as.auth) : req)).body.commentCount as number;
  };

  it('creates a comment with rendered HTML and raises post.commented', async () => {
    const postId = await newPost({ title: 'Comment me' });
    const res = await t
      .http()
      .post(`/api/posts/${postId}/comments`)
      .set(member.auth)
      .send({ body: 'Nice <img src=x onerror=alert(1)> **tip**' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      postId,
      parentId: null,
      body: 'Nice <img src=x onerror=alert(1)> **tip**',
      author: { id: member.id, displayName: member.displayName, tier: 'standard' },
    });
    expect(res.body.bodyHtml).toContain('<strong>tip</strong>');
    expect(res.body.bodyHtml).not.toMatch(/<img/);
    expect(res.body).not.toHaveProperty('deleted');
    expect(events).toContainEqual({
      postId,
      postTitle: 'Comment me',
      commentId: res.body.id,
      commentAuthorId: member.id,
      postAuthorId: author.id,
      parentCommentAuthorId: null,
    });
  });

  it('replies one level deep and refuses a reply to a reply with 400', async () => {
    const postId = await newPost();
    const top = await createComment(t, member, postId);
    const reply = await createComment(t, other, postId, { parentId: top.id });
    expect(reply.parentId).toBe(top.id);
    expect(events).toContainEqual(
      expect.objectContaining({ commentId: reply.id, parentCommentAuthorId: member.id }),
    );

    const before = await countRows(t, 'post_comments', 'post_id = $1', [postId]);
    const deeper = await t
      .http()
      .post(`/api/posts/${postId}/comments`)
      .set(member.auth)
      .send({ body: 'deeper', parentId: reply.id });
    expect(deeper.status).toBe(400);
    expect(deeper.body.code).toBe('VALIDATION_FAILED');
    expect(deeper.body.details[0].field).toBe('parentId');

    const elsewhere = await createComment(t, member, await newPost());
    const wrongPost = await t
      .http()
      .post(`/api/posts/${postId}/comments`)
      .set(member.auth)
      .send({ body: 'x', parentId: elsewhere.id });
    expect(wrongPost.status).toBe(400);
    expect(await countRows(t, 'post_comments', 'post_id = $1', [postId])).toBe(before);
  });

  it('lists oldest first with a cursor, each comment once', async () => {
    const postId = await newPost();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await createComment(t, member, postId, { body: `c${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t
        .http()
        .get(`/api/posts/${postId}/comments`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('counts comments and replies the caller can see', async () => {
    const postId = await newPost();
    const top = await createComment(t, member, postId);
    await createComment(t, other, postId, { parentId: top.id });
    const gone = await createComment(t, other, postId);
    expect(await commentCount(postId)).toBe(3);
    await t.http().delete(`/api/comments/${gone.id}`).set(other.auth).expect(204);
    expect(await commentCount(postId)).toBe(2);
    expect(await commentCount(postId, member)).toBe(2);
    expect(await commentCount(postId, moderator)).toBe(3);

    const list = await t.http().get(`/api/posts/${postId}/comments`);
    expect(idsOf(list.body)).not.toContain(gone.id);
    const modList = await t.http().get(`/api/posts/${postId}/comments`).set(moderator.auth);
    expect(modList.body.items).toContainEqual(
      expect.objectContaining({ id: gone.id, deleted: true, hidden: false }),
    );
  });

  it("refuses another member's delete with 403 and keeps the comment", async () => {
    const postId = await newPost();
    const mine = await createComment(t, member, postId);
    const res = await t.http().delete(`/api/comments/${mine.id}`).set(other.auth);
    expect(res.status).toBe(403);
    expect(await countRows(t, 'post_comments', 'id = $1 AND deleted_at IS NULL', [mine.id])).toBe(
      1,
    );
    expect((await t.http().delete(`/api/comments/${randomUUID()}`).set(other.auth)).status).toBe(
      404,
    );
  });

  it('lets a moderator delete and restore a comment, audited; members cannot restore', async () => {
    const postId = await newPost();
    const target = await createComment(t, member, postId);
    await t.http().delete(`/api/comments/${target.id}`).set(moderator.auth).expect(204);
    expect(
      await countRows(t, 'audit_log', "action = 'comment.deleted' AND target_id = $1", [target.id]),
    ).toBe(1);

    const refused = await t.http().post(`/api/comments/${target.id}/restore`).set(member.auth);
    expect(refused.status).toBe(403);
    const res = await t.http().post(`/api/comments/${target.id}/restore`).set(moderator.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: target.id, deleted: false, hidden: false });
    expect(
      await countRows(t, 'audit_log', "action = 'comment.restored' AND target_id = $1", [
        target.id,
      ]),
    ).toBe(1);
    expect(await commentCount(postId, member)).toBe(1);
  });

  it('hides a comment through the moderation hook', async () => {
    const postId = await newPost();
    const target = await createComment(t, member, postId);
    const sut = t.app.get(CommentsService);
    expect(await sut.findForReport(target.id)).toEqual({
      id: target.id,
      authorId: member.id,
    });
    expect(await t.dataSource.transaction((em) => sut.hide(em, target.id))).toBe(true);
    expect(await sut.findForReport(target.id)).toBeNull();
    expect(await commentCount(postId, member)).toBe(0);
    const modList = await t.http().get(`/api/posts/${postId}/comments`).set(moderator.auth);
    expect(modList.body.items[0]).toMatchObject({ id: target.id, hidden: true });
    const reply = await t
      .http()
      .post(`/api/posts/${postId}/comments`)
      .set(other.auth)
      .send({ body: 'x', parentId: target.id });
    expect(reply.status).toBe(400);
  });

  it('follows the post: invisible or deleted posts answer 404 and take no comment', async () => {
    const secret = await newPost({ visibility: 'golden_crown' });
    expect((await t.http().get(`/api/posts/${secret}/comments`).set(member.auth)).status).toBe(404);
    const refused = await t
      .http()
      .post(`/api/posts/${secret}/comments`)
      .set(member.auth)
      .send({ body: 'x' });
    expect(refused.status).toBe(404);

    const membersOnly = await newPost({ visibility: 'members' });
    expect((await t.http().get(`/api/posts/${membersOnly}/comments`)).status).toBe(404);

    const deleted = await newPost();
    await t.http().delete(`/api/posts/${deleted}`).set(author.auth).expect(204);
    const onDeleted = await t
      .http()
      .post(`/api/posts/${deleted}/comments`)
      .set(member.auth)
      .send({ body: 'x' });
    expect(onDeleted.status).toBe(404);
    expect(await countRows(t, 'post_comments', 'post_id IN ($1, $2)', [secret, deleted])).toBe(0);
  });

  it('lists comments exactly when the post itself may be opened (one statement reads both)', async () => {
    const list = (postId: string, as?: TestMember) => {
      const req = t.http().get(`/api/posts/${postId}/comments`);
      return as ? req.set(as.auth) : req;
    };
    const quiet = await newPost();
    expect((await list(quiet)).body).toEqual({ items: [], nextCursor: null });
    expect((await list(randomUUID(), member)).status).toBe(404);

    const removed = await newPost();
    const kept = await createComment(t, member, removed);
    await t.http().delete(`/api/posts/${removed}`).set(author.auth).expect(204);
    for (const as of [undefined, member]) {
      expect((await list(removed, as)).status).toBe(404);
      expect(
        (
          await t
            .http()
            .get(`/api/posts/${removed}`)
            .set(as?.auth ?? {})
        ).status,
      ).toBe(404);
    }
    // A moderator opens the removed post, and so its comments.
    expect(idsOf((await list(removed, moderator).expect(200)).body)).toEqual([kept.id]);

    const secret = await newPost({ visibility: 'golden_crown' });
    const onSecret = await createComment(t, author, secret);
    expect(idsOf((await list(secret, author).expect(200)).body)).toEqual([onSecret.id]);
    const page = await list(secret, moderator).query({ limit: 1 }).expect(200);
    expect(page.body).toMatchObject({ items: [{ id: onSecret.id }], nextCursor: null });
  });

  it('validates the body and needs a signed-in member', async () => {
    const postId = await newPost();
    const empty = await t
      .http()
      .post(`/api/posts/${postId}/comments`)
      .set(member.auth)
      .send({ body: '' });
    expect(empty.status).toBe(400);
    const visitor = await t.http().post(`/api/posts/${postId}/comments`).send({ body: 'x' });
    expect(visitor.status).toBe(401);
    expect(await countRows(t, 'post_comments', 'post_id = $1', [postId])).toBe(0);
  });

  describe('editing a comment (PATCH /api/comments/:id)', () => {
    const edit = (id: string, as: TestMember | null, body: unknown) => {
      const req = t.http().patch(`/api/comments/${id}`);
      return (as ? req.set(as.auth) : req).send(body as object);
    };
    const stored = async (id: string) =>
      (
        await t.dataSource.query<{ body: string; body_html: string; edited_at: Date | null }[]>(
          'SELECT body, body_html, edited_at FROM post_comments WHERE id = $1',
          [id],
        )
      )[0];

    it('lets the author change the body: re-rendered, editedAt set, the same shape as the list', async () => {
      const postId = await newPost();
      const comment = await createComment(t, member, postId, { body: 'first take' });
      expect(comment.editedAt).toBeNull();

      const res = await edit(comment.id, member, {
        body: 'second **take** <img src=x onerror=alert(1)> @nobody',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: comment.id,
        postId,
        body: 'second **take** <img src=x onerror=alert(1)> @nobody',
        createdAt: comment.createdAt,
        editedAt: expect.any(String),
      });
      expect(res.body.bodyHtml).toContain('<strong>take</strong>');
      expect(res.body.bodyHtml).not.toContain('<img');
      expect(res.body.bodyHtml).toBe(
        (await t.http().post('/api/posts/preview').set(member.auth).send({ body: res.body.body }))
          .body.bodyHtml,
      );
      const list = await t.http().get(`/api/posts/${postId}/comments`);
      expect(list.body.items).toEqual([res.body]);
      expect((await stored(comment.id)).body_html).toBe(res.body.bodyHtml);
    });

    it('leaves editedAt null when the body does not change', async () => {
      const postId = await newPost();
      const comment = await createComment(t, member, postId, { body: 'unchanged' });
      const res = await edit(comment.id, member, { body: 'unchanged' });
      expect(res.status).toBe(200);
      expect(res.body.editedAt).toBeNull();
      expect((await stored(comment.id)).edited_at).toBeNull();
    });

    it('refuses anyone but the author with 403 FORBIDDEN, a moderator included, changing nothing', async () => {
      const postId = await newPost();
      const comment = await createComment(t, member, postId, { body: 'mine' });
      for (const someone of [other, moderator, author]) {
        const res = await edit(comment.id, someone, { body: 'taken over' });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect((await edit(comment.id, null, { body: 'x' })).status).toBe(401);
      expect(await stored(comment.id)).toMatchObject({ body: 'mine', edited_at: null });
    });

    it('refuses a suspended author with 403 MEMBER_SUSPENDED', async () => {
      const postId = await newPost();
      const writer = await createMember(t);
      const comment = await createComment(t, writer, postId, { body: 'before' });
      await t.dataSource.query(
        `UPDATE members SET suspended_until = now() + interval '1 day' WHERE id = $1`,
        [writer.id],
      );
      await t.app.get(MembersService).changed(writer.id);
      const res = await edit(comment.id, writer, { body: 'after' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
      expect((await stored(comment.id)).body).toBe('before');
    });

    it.each([
      ['an empty body', { body: '' }],
      ['a body over 10,000 characters', { body: 'x'.repeat(10_001) }],
      ['a NUL byte', { body: 'a\u0000b' }],
      ['no body', {}],
      ['a number', { body: 42 }],
      ['an unknown property', { body: 'ok', parentId: randomUUID() }],
    ])('validates like a new comment: 400 on %s', async (_name, body) => {
      const postId = await newPost();
      const comment = await createComment(t, member, postId, { body: 'valid' });
      const res = await edit(comment.id, member, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await stored(comment.id)).toMatchObject({ body: 'valid', edited_at: null });
    });

    it('answers 404 for a removed or unknown comment, or one on a post the author can no longer see, and 400 for a malformed id', async () => {
      const postId = await newPost();
      const deleted = await createComment(t, member, postId);
      await t.http().delete(`/api/comments/${deleted.id}`).set(member.auth).expect(204);
      expect((await edit(deleted.id, member, { body: 'x' })).status).toBe(404);
      expect((await edit(randomUUID(), member, { body: 'x' })).status).toBe(404);
      const malformed = await edit('not-a-uuid', member, { body: 'x' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');

      const lost = await newPost();
      const comment = await createComment(t, member, lost);
      await t
        .http()
        .patch(`/api/posts/${lost}`)
        .set(author.auth)
        .send({ visibility: 'golden_crown' });
      expect((await edit(comment.id, member, { body: 'x' })).status).toBe(404);
    });
  });
});

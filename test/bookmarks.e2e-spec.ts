import { MembersService } from '../src/modules/members/members.service';
import {
  countRows,
  createGoldenCrownMember,
  createMember,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('Bookmarks and member posts (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const bookmark = (who: TestMember, id: string) =>
    t.http().put(`/api/posts/${id}/bookmark`).set(who.auth);
  const unbookmark = (who: TestMember, id: string) =>
    t.http().delete(`/api/posts/${id}/bookmark`).set(who.auth);
  const bookmarks = async (who: TestMember, query = '') =>
    (await t.http().get(`/api/members/me/bookmarks${query}`).set(who.auth).expect(200)).body as {
      items: { id: string; bookmarkedByMe: boolean }[];
      nextCursor: string | null;
    };
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  it('bookmarks idempotently and lists the latest bookmark first', async () => {
    const me = await createMember(t);
    const author = await createMember(t);
    const first = await createPost(t, author);
    const second = await createPost(t, author);
    const third = await createPost(t, author);
    expect((await bookmark(me, second.id).expect(200)).body).toEqual({ bookmarkedByMe: true });
    await bookmark(me, second.id).expect(200);
    await bookmark(me, third.id).expect(200);
    await bookmark(me, first.id).expect(200);
    expect(await countRows(t, 'post_bookmarks', 'member_id = $1', [me.id])).toBe(3);

    const list = await bookmarks(me);
    expect(ids(list)).toEqual([first.id, third.id, second.id]);
    expect(list.items.every((item) => item.bookmarkedByMe)).toBe(true);
    const page1 = await bookmarks(me, '?limit=2');
    const page2 = await bookmarks(me, `?limit=2&cursor=${page1.nextCursor}`);
    expect([...ids(page1), ...ids(page2)]).toEqual(ids(list));
    expect(page2.nextCursor).toBeNull();

    expect((await unbookmark(me, third.id).expect(200)).body).toEqual({ bookmarkedByMe: false });
    await unbookmark(me, third.id).expect(200);
    expect(ids(await bookmarks(me))).toEqual([first.id, second.id]);
  });

  it('shows bookmarkedByMe on the post, the feed and search (false for visitors)', async () => {
    const me = await createMember(t);
    const post = await createPost(t, me, { title: 'Bookmarkable 直通车 guide' });
    await bookmark(me, post.id).expect(200);
    const detail = await t.http().get(`/api/posts/${post.id}`).set(me.auth).expect(200);
    expect(detail.body.bookmarkedByMe).toBe(true);
    const feed = await t.http().get('/api/posts?limit=100').set(me.auth).expect(200);
    expect(feed.body.items.find((item: { id: string }) => item.id === post.id)).toMatchObject({
      bookmarkedByMe: true,
    });
    const visitor = await t.http().get(`/api/posts/${post.id}`).expect(200);
    expect(visitor.body.bookmarkedByMe).toBe(false);
    const other = await createMember(t);
    expect(
      (await t.http().get(`/api/posts/${post.id}`).set(other.auth).expect(200)).body.bookmarkedByMe,
    ).toBe(false);
  });

  it('refuses to bookmark a post the member cannot see (404), and lists only posts still visible', async () => {
    const me = await createMember(t);
    const crowned = await createGoldenCrownMember(t);
    const crownPost = await createPost(t, crowned, { visibility: 'golden_crown' });
    expect((await bookmark(me, crownPost.id).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await unbookmark(me, crownPost.id).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await bookmark(me, UNKNOWN).expect(404)).body.code).toBe('NOT_FOUND');
    expect(await countRows(t, 'post_bookmarks', 'member_id = $1', [me.id])).toBe(0);

    // A Golden Crown member bookmarks it, then loses the tier: the bookmark is not listed.
    const reader = await createGoldenCrownMember(t);
    const deleted = await createPost(t, crowned);
    await bookmark(reader, crownPost.id).expect(200);
    await bookmark(reader, deleted.id).expect(200);
    expect(ids(await bookmarks(reader))).toEqual([deleted.id, crownPost.id]);
    await t.http().delete(`/api/posts/${deleted.id}`).set(crowned.auth).expect(204);
    await t.dataSource.query("UPDATE members SET tier = 'standard' WHERE id = $1", [reader.id]);
    await t.app.get(MembersService).changed(reader.id);
    expect(ids(await bookmarks(reader))).toEqual([]);
    // Their own bookmark can still be removed.
    await unbookmark(reader, crownPost.id).expect(200);
    expect(await countRows(t, 'post_bookmarks', 'member_id = $1', [reader.id])).toBe(1);
  });

  it("lists a member's posts the caller may see, newest first", async () => {
    const author = await createGoldenCrownMember(t);
    const open = await createPost(t, author);
    const members = await createPost(t, author, { visibility: 'members' });
    const crown = await createPost(t, author, { visibility: 'golden_crown' });
    await createPost(t, await createMember(t));
    const list = async (who?: TestMember) => {
      const req = t.http().get(`/api/members/${author.id}/posts`);
      return ids((await (who ? req.set(who.auth) : req).expect(200)).body);
    };
    expect(await list()).toEqual([open.id]);
    expect(await list(await createMember(t))).toEqual([members.id, open.id]);
    expect(await list(await createGoldenCrownMember(t))).toEqual([crown.id, members.id, open.id]);
    const paged = await t.http().get(`/api/members/${author.id}/posts?limit=1`).expect(200);
    expect(paged.body.nextCursor).toBeNull();
    expect((await t.http().get(`/api/members/${UNKNOWN}/posts`).expect(404)).body.code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses bookmarks by a suspended member (a write), who may still read them', async () => {
    const suspended = await createMember(t, { suspendedUntil: new Date(Date.now() + 86_400_000) });
    const post = await createPost(t, await createMember(t));
    for (const res of [await bookmark(suspended, post.id), await unbookmark(suspended, post.id)]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
    }
    await bookmarks(suspended);
    expect(await countRows(t, 'post_bookmarks', 'member_id = $1', [suspended.id])).toBe(0);
    await t.http().put(`/api/posts/${post.id}/bookmark`).expect(401);
    await t.http().get('/api/members/me/bookmarks').expect(401);
  });

  it('refuses malformed ids, queries and forged cursors with 400', async () => {
    const me = await createMember(t);
    for (const id of ['nope', '%00', '1e400', 'a'.repeat(5000)]) {
      for (const res of [
        await bookmark(me, id),
        await unbookmark(me, id),
        await t.http().get(`/api/members/${id}/posts`),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    }
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const query of [
      'limit=0',
      'limit=1e400',
      'cursor=%00',
      `cursor=${forged(['2026-02-31T00:00:00.000Z', UNKNOWN])}`,
      `cursor=${forged([1, 2, 3])}`,
      'extra=1',
    ]) {
      for (const path of ['/api/members/me/bookmarks', `/api/members/${me.id}/posts`]) {
        const res = await t.http().get(`${path}?${query}`).set(me.auth);
        expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
      }
    }
  });

  it('exports bookmarks and erases them', async () => {
    const me = await createMember(t);
    const post = await createPost(t, await createMember(t));
    await bookmark(me, post.id).expect(200);
    const exported = await t.http().get('/api/members/me/export').set(me.auth).expect(200);
    expect(exported.body.bookmarks).toEqual([{ postId: post.id, createdAt: expect.any(String) }]);
    await t
      .http()
      .delete('/api/members/me')
      .set(me.auth)
      .send({ password: me.password })
      .expect(204);
    expect(await countRows(t, 'post_bookmarks', 'member_id = $1', [me.id])).toBe(0);
  });
});

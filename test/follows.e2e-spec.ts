import { randomUUID } from 'node:crypto';
import {
  countRows,
  createGoldenCrownMember,
  createMember,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const DAY = 24 * 60 * 60 * 1000;

/** The system's time, moved forward by `ahead` when a test needs a day to pass. */
const clock = {
  ahead: 0,
  now: (): Date => new Date(Date.now() + clock.ahead),
};

describe('Follows (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock.ahead = 0;
  });

  const follow = (who: TestMember, id: string) =>
    t.http().put(`/api/members/${id}/follow`).set(who.auth);
  const unfollow = (who: TestMember, id: string) =>
    t.http().delete(`/api/members/${id}/follow`).set(who.auth);
  const profile = async (who: TestMember | undefined, id: string) => {
    const req = t.http().get(`/api/members/${id}`);
    return (await (who ? req.set(who.auth) : req).expect(200)).body as {
      followerCount: number;
      followingCount: number;
      followedByMe: boolean;
      avatarUrl: string | null;
    };
  };
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  it('follows idempotently, with counts and followedByMe on the profile', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    expect(await profile(me, other.id)).toMatchObject({
      followerCount: 0,
      followingCount: 0,
      followedByMe: false,
      avatarUrl: null,
    });

    expect((await follow(me, other.id).expect(200)).body).toEqual({
      following: true,
      followerCount: 1,
    });
    expect((await follow(me, other.id).expect(200)).body).toEqual({
      following: true,
      followerCount: 1,
    });
    expect(await countRows(t, 'member_follows', 'follower_id = $1', [me.id])).toBe(1);
    expect(await profile(me, other.id)).toMatchObject({ followerCount: 1, followedByMe: true });
    expect(await profile(undefined, other.id)).toMatchObject({
      followerCount: 1,
      followedByMe: false,
    });
    expect(await profile(me, me.id)).toMatchObject({
      followingCount: 1,
      followerCount: 0,
      followedByMe: false,
    });
    const mine = await t.http().get('/api/members/me').set(me.auth).expect(200);
    expect(mine.body).toMatchObject({ followingCount: 1, followerCount: 0, followedByMe: false });

    expect((await unfollow(me, other.id).expect(200)).body).toEqual({
      following: false,
      followerCount: 0,
    });
    expect((await unfollow(me, other.id).expect(200)).body).toEqual({
      following: false,
      followerCount: 0,
    });
    expect(await profile(me, other.id)).toMatchObject({ followerCount: 0, followedByMe: false });
  });

  it('refuses following oneself (400), unknown or erased members (404), malformed ids (400)', async () => {
    const me = await createMember(t);
    for (const res of [await follow(me, me.id), await unfollow(me, me.id)]) {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await follow(me, UNKNOWN).expect(404)).body.code).toBe('NOT_FOUND');
    for (const id of ['nope', '%00', '1e400', 'a'.repeat(5000), "1' OR '1'='1"]) {
      const res = await follow(me, encodeURIComponent(id));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await t.http().put(`/api/members/${me.id}/follow`).expect(401);
    await t.http().get(`/api/members/${me.id}/followers`).expect(401);
    expect(await countRows(t, 'member_follows', 'follower_id = $1', [me.id])).toBe(0);
  });

  it('tells the followed member once (new_follower), not on a repeat', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    await follow(me, other.id).expect(200);
    await follow(me, other.id).expect(200);
    const list = await t.http().get('/api/notifications').set(other.auth).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        type: 'new_follower',
        data: expect.objectContaining({ followerId: me.id, actorId: me.id }),
      }),
    ]);
    expect((await t.http().get('/api/notifications').set(me.auth).expect(200)).body.items).toEqual(
      [],
    );
  });

  it('tells them again after an unfollow only when theirs is read and a day old', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    const told = async () =>
      (
        (await t.http().get('/api/notifications').set(other.auth).expect(200)).body.items as {
          id: string;
          type: string;
          data: { followerId: string };
        }[]
      ).filter((item) => item.type === 'new_follower' && item.data.followerId === me.id);
    const again = async () => {
      await unfollow(me, other.id).expect(200);
      await follow(me, other.id).expect(200);
    };

    await follow(me, other.id).expect(200);
    for (let i = 0; i < 3; i++) await again();
    expect(await told()).toHaveLength(1);

    // Unread, two days later: still the one.
    clock.ahead = 2 * DAY;
    await again();
    expect(await told()).toHaveLength(1);

    // Read, within the day: nothing new either.
    const [first] = await told();
    await t.http().post('/api/notifications/read').set(other.auth).send({ all: true }).expect(204);
    clock.ahead = 0;
    await again();
    expect(await told()).toHaveLength(1);

    // Read and older than a day: told once more, and only once.
    clock.ahead = DAY + 60_000;
    await again();
    await again();
    const now = await told();
    expect(now).toHaveLength(2);
    expect(now[1].id).toBe(first.id);

    // Another follower is told regardless.
    const third = await createMember(t);
    await follow(third, other.id).expect(200);
    expect(
      (await t.http().get('/api/notifications?unread=true').set(other.auth).expect(200)).body.items,
    ).toHaveLength(2);
  });

  it('lists followers and following, the latest follow first, page by page', async () => {
    const star = await createMember(t);
    const fans: TestMember[] = [];
    for (let i = 0; i < 5; i++) {
      const fan = await createMember(t);
      await follow(fan, star.id).expect(200);
      fans.push(fan);
    }
    const reader = await createMember(t);
    await follow(reader, fans[4].id).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await t
        .http()
        .get(`/api/members/${star.id}/followers?limit=2${query}`)
        .set(reader.auth)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(fans.map((fan) => fan.id).reverse());
    const first = await t
      .http()
      .get(`/api/members/${star.id}/followers?limit=1`)
      .set(reader.auth)
      .expect(200);
    // Each item is a member, as the reader sees them.
    expect(first.body.items[0]).toMatchObject({
      id: fans[4].id,
      followedByMe: true,
      followingCount: 1,
      followerCount: 1,
    });
    expect(first.body.items[0]).not.toHaveProperty('email');

    const following = await t
      .http()
      .get(`/api/members/${fans[0].id}/following`)
      .set(reader.auth)
      .expect(200);
    expect(ids(following.body)).toEqual([star.id]);
    await t.http().get(`/api/members/${UNKNOWN}/followers`).set(reader.auth).expect(404);
  });

  it('keeps counts right under concurrent follows and unfollows', async () => {
    const star = await createMember(t);
    const fans = await Promise.all(Array.from({ length: 8 }, () => createMember(t)));
    await Promise.all(
      fans.flatMap((fan) => [follow(fan, star.id), follow(fan, star.id), follow(fan, star.id)]),
    );
    expect(await countRows(t, 'member_follows', 'followed_id = $1', [star.id])).toBe(8);
    expect((await profile(undefined, star.id)).followerCount).toBe(8);
    await Promise.all(
      fans.slice(0, 5).flatMap((fan) => [unfollow(fan, star.id), follow(fans[7], star.id)]),
    );
    expect((await profile(undefined, star.id)).followerCount).toBe(3);
    expect(await countRows(t, 'member_follows', 'followed_id = $1', [star.id])).toBe(3);
    // Two members following each other at once: no deadlock, both stored.
    const [a, b] = fans;
    await Promise.all([follow(a, b.id).expect(200), follow(b, a.id).expect(200)]);
    expect(await profile(a, b.id)).toMatchObject({ followedByMe: true, followerCount: 1 });
  });

  describe('blocks', () => {
    it('refuses the blocker (403 BLOCKED) and the blocked, without naming the block', async () => {
      const blocker = await createMember(t);
      const blocked = await createMember(t);
      await t.http().put(`/api/members/${blocked.id}/block`).set(blocker.auth).expect(200);
      expect((await follow(blocker, blocked.id).expect(403)).body.code).toBe('BLOCKED');
      const refused = await follow(blocked, blocker.id).expect(403);
      expect(refused.body.code).toBe('FOLLOW_NOT_ALLOWED');
      expect(JSON.stringify(refused.body)).not.toMatch(/block/i);
      expect(
        await countRows(t, 'member_follows', 'follower_id = $1 OR follower_id = $2', [
          blocker.id,
          blocked.id,
        ]),
      ).toBe(0);
      // After an unblock, following works again.
      await t.http().delete(`/api/members/${blocked.id}/block`).set(blocker.auth).expect(200);
      await follow(blocked, blocker.id).expect(200);
    });

    it('ends follows both ways when one blocks the other', async () => {
      const a = await createMember(t);
      const b = await createMember(t);
      const c = await createMember(t);
      await follow(a, b.id).expect(200);
      await follow(b, a.id).expect(200);
      await follow(c, a.id).expect(200);
      await t.http().put(`/api/members/${b.id}/block`).set(a.auth).expect(200);
      expect(
        await countRows(
          t,
          'member_follows',
          '(follower_id = $1 AND followed_id = $2) OR (follower_id = $2 AND followed_id = $1)',
          [a.id, b.id],
        ),
      ).toBe(0);
      expect((await profile(c, a.id)).followerCount).toBe(1);
    });
  });

  it('refuses follows by a suspended member (a write), but lets them read the lists', async () => {
    const suspended = await createMember(t, { suspendedUntil: new Date(Date.now() + 86_400_000) });
    const other = await createMember(t);
    for (const res of [
      await follow(suspended, other.id),
      await unfollow(suspended, other.id),
      await t.http().put('/api/tags/seo/follow').set(suspended.auth),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
    }
    await t.http().get(`/api/members/${other.id}/followers`).set(suspended.auth).expect(200);
    expect(await countRows(t, 'member_follows', 'follower_id = $1', [suspended.id])).toBe(0);
  });

  it('counts follows against the write limit (per member)', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    const limit = t.config.RATE_LIMIT_WRITE_PER_MINUTE;
    for (let i = 0; i < limit; i++) await follow(me, other.id).expect(200);
    const over = await follow(me, other.id).expect(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(over.headers['retry-after']).toBeDefined();
    // Another member's writes are counted apart.
    await follow(other, me.id).expect(200);
  });

  describe('tags', () => {
    it('follows and unfollows tags idempotently, normalized as posts store them', async () => {
      const me = await createMember(t);
      const put = await t.http().put('/api/tags/%20SEO%20/follow').set(me.auth).expect(200);
      expect(put.body).toEqual({ following: true });
      await t.http().put('/api/tags/seo/follow').set(me.auth).expect(200);
      await t
        .http()
        .put(`/api/tags/${encodeURIComponent('直通车')}/follow`)
        .set(me.auth)
        .expect(200);
      const followed = await t.http().get('/api/tags/followed').set(me.auth).expect(200);
      expect(followed.body.items.map((tag: { name: string }) => tag.name)).toEqual([
        'seo',
        '直通车',
      ]);
      expect((await t.http().delete('/api/tags/SEO/follow').set(me.auth).expect(200)).body).toEqual(
        { following: false },
      );
      await t.http().delete('/api/tags/SEO/follow').set(me.auth).expect(200);
      expect(await countRows(t, 'tag_follows', 'member_id = $1', [me.id])).toBe(1);
    });

    it('refuses malformed tag names with 400', async () => {
      const me = await createMember(t);
      for (const name of ['%00', 'a'.repeat(33), '%20%20', 'a%E2%80%AEb']) {
        const res = await t.http().put(`/api/tags/${name}/follow`).set(me.auth);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect(await countRows(t, 'tag_follows', 'member_id = $1', [me.id])).toBe(0);
    });
  });

  describe('feed=following', () => {
    it('shows posts by followed members or with a followed tag, newest first, as the viewer may see them', async () => {
      const reader = await createMember(t);
      const followedAuthor = await createGoldenCrownMember(t);
      const stranger = await createMember(t);
      const tag = `t${randomUUID().slice(0, 8)}`;
      await follow(reader, followedAuthor.id).expect(200);
      await t.http().put(`/api/tags/${tag}/follow`).set(reader.auth).expect(200);

      const byFollowed = await createPost(t, followedAuthor);
      const crown = await createPost(t, followedAuthor, { visibility: 'golden_crown' });
      const membersOnly = await createPost(t, followedAuthor, { visibility: 'members' });
      const tagged = await createPost(t, stranger, { tags: [tag] });
      await createPost(t, stranger);

      const feed = await t.http().get('/api/posts?feed=following').set(reader.auth).expect(200);
      expect(ids(feed.body)).toEqual([tagged.id, membersOnly.id, byFollowed.id]);
      expect(ids(feed.body)).not.toContain(crown.id);

      // A Golden Crown follower sees the Golden Crown post too.
      const crowned = await createGoldenCrownMember(t);
      await follow(crowned, followedAuthor.id).expect(200);
      const theirs = await t.http().get('/api/posts?feed=following').set(crowned.auth).expect(200);
      expect(ids(theirs.body)).toEqual([membersOnly.id, crown.id, byFollowed.id]);

      // Paged like the feed.
      const page1 = await t
        .http()
        .get('/api/posts?feed=following&limit=2')
        .set(reader.auth)
        .expect(200);
      expect(ids(page1.body)).toEqual([tagged.id, membersOnly.id]);
      const page2 = await t
        .http()
        .get(`/api/posts?feed=following&limit=2&cursor=${page1.body.nextCursor}`)
        .set(reader.auth)
        .expect(200);
      expect(ids(page2.body)).toEqual([byFollowed.id]);
      expect(page2.body.nextCursor).toBeNull();
    });

    it('is empty when following nobody, needs a member, and refuses unknown feeds', async () => {
      const loner = await createMember(t);
      await createPost(t, await createMember(t));
      const feed = await t.http().get('/api/posts?feed=following').set(loner.auth).expect(200);
      expect(feed.body).toEqual({ items: [], nextCursor: null });
      expect((await t.http().get('/api/posts?feed=following').expect(401)).body.code).toBe(
        'UNAUTHENTICATED',
      );
      for (const feedName of ['everyone', '%00', 'following%00', 'x'.repeat(3000)]) {
        const res = await t.http().get(`/api/posts?feed=${feedName}`).set(loner.auth);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      // A member who follows someone reaches the cursor's check: a forged one is 400.
      await follow(loner, (await createMember(t)).id).expect(200);
      const forged = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
      const res = await t.http().get(`/api/posts?feed=following&cursor=${forged}`).set(loner.auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  it('exports follows both ways and followed tags, and erases them', async () => {
    const me = await createMember(t);
    const followed = await createMember(t);
    const fan = await createMember(t);
    await follow(me, followed.id).expect(200);
    await follow(fan, me.id).expect(200);
    await t.http().put('/api/tags/seo/follow').set(me.auth).expect(200);

    const exported = await t.http().get('/api/members/me/export').set(me.auth).expect(200);
    expect(exported.body.follows).toEqual({
      following: [{ memberId: followed.id, since: expect.any(String) }],
      followers: [{ memberId: fan.id, since: expect.any(String) }],
      tags: [{ tag: 'seo', since: expect.any(String) }],
    });
    expect(exported.body.profile).toMatchObject({
      listedInDirectory: true,
      showCompany: true,
      dmFrom: 'everyone',
    });

    await t
      .http()
      .delete('/api/members/me')
      .set(me.auth)
      .send({ password: me.password })
      .expect(204);
    expect(
      await countRows(t, 'member_follows', 'follower_id = $1 OR followed_id = $1', [me.id]),
    ).toBe(0);
    expect(await countRows(t, 'tag_follows', 'member_id = $1', [me.id])).toBe(0);
    expect((await profile(fan, followed.id)).followerCount).toBe(0);
    await follow(fan, me.id).expect(404);
  });
});

import { randomUUID } from 'node:crypto';
import type { AuthMember } from '../src/common/auth/auth-member';
import { backfillPostExcerptsAndTags } from '../src/database/migrations/1796100000000-add-post-excerpts-and-tag-search';
import { renderMarkdown } from '../src/modules/posts/markdown';
import { PostsService } from '../src/modules/posts/posts.service';
import {
  countRows,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { image, upload } from './support/uploads';
import { dangerous, XSS_CORPUS } from './support/xss';

type Visibility = 'public' | 'members' | 'golden_crown';

/** The signed-in member as services see it. */
const toAuth = (m: TestMember): AuthMember => ({
  id: m.id,
  displayName: m.displayName,
  role: m.role,
  tier: m.tier,
  suspendedUntil: null,
  sessionId: m.sessionId,
});

/** The ids of a list answer, in order. */
const idsOf = (body: unknown): string[] =>
  (body as { items: { id: string }[] }).items.map((item) => item.id);

describe('Posts (e2e)', () => {
  let t: TestApp;
  let author: TestMember;
  let member: TestMember;
  let golden: TestMember;
  let moderator: TestMember;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      RATE_LIMIT_SEARCH_PER_MINUTE: '1000',
    });
    author = await createGoldenCrownMember(t, { operatorType: 'store_manager' });
    member = await createMember(t);
    golden = await createGoldenCrownMember(t);
    moderator = await createModerator(t);
  });
  afterAll(() => t.close());

  const auditCount = (action: string, targetId: string) =>
    countRows(t, 'audit_log', 'action = $1 AND target_id = $2', [action, targetId]);

  describe('creating', () => {
    it('answers 201 with exactly the documented fields and stores the rendered HTML', async () => {
      const res = await t
        .http()
        .post('/api/posts')
        .set(author.auth)
        .send({
          title: '  直通车 SEO 经验 ',
          body: '# Title\n\n<script>alert(1)</script> [x](javascript:alert(1))',
          tags: [' SEO ', 'Data', 'seo'],
          visibility: 'members',
        });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'id',
          'title',
          'body',
          'bodyHtml',
          'tags',
          'visibility',
          'author',
          'likeCount',
          'commentCount',
          'likedByMe',
          'coverImageUrl',
          'bookmarkedByMe',
          'createdAt',
          'updatedAt',
          'editedAt',
        ].sort(),
      );
      expect(res.body).toMatchObject({
        title: '直通车 SEO 经验',
        tags: ['seo', 'data'],
        visibility: 'members',
        author: {
          id: author.id,
          displayName: author.displayName,
          operatorType: 'store_manager',
          tier: 'golden_crown',
        },
        likeCount: 0,
        commentCount: 0,
        likedByMe: false,
        editedAt: null,
      });
      expect(res.body.bodyHtml).toContain('<h1>Title</h1>');
      expect(res.body.bodyHtml).not.toContain('<script');
      expect(res.body.bodyHtml).not.toContain('href="javascript');
      const [stored] = await t.dataSource.query<{ body_html: string }[]>(
        'SELECT body_html FROM posts WHERE id = $1',
        [res.body.id],
      );
      expect(stored.body_html).toBe(res.body.bodyHtml);
    });

    it('shows an erased author as "deleted member", keeping the post', async () => {
      const leaving = await createMember(t);
      const post = await createPost(t, leaving);
      await t.dataSource.query('UPDATE members SET erased_at = now() WHERE id = $1', [leaving.id]);
      const res = await t.http().get(`/api/posts/${post.id}`);
      expect(res.status).toBe(200);
      expect(res.body.author).toMatchObject({ id: leaving.id, displayName: 'deleted member' });
    });

    it('documents every route in the OpenAPI document', async () => {
      const res = await t.http().get('/api/docs-json');
      const paths = Object.keys((res.body as { paths: Record<string, unknown> }).paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/posts',
          '/api/posts/preview',
          '/api/posts/{id}',
          '/api/posts/{id}/restore',
          '/api/posts/{id}/related',
          '/api/posts/{id}/like',
          '/api/posts/{id}/comments',
          '/api/comments/{id}',
          '/api/comments/{id}/restore',
          '/api/tags',
        ]),
      );
    });

    it('defaults visibility to public', async () => {
      const post = await createPost(t, member);
      expect(post.visibility).toBe('public');
    });

    it.each([
      ['an empty title', { title: '   ', body: 'x' }],
      ['a title over 200 characters', { title: 'x'.repeat(201), body: 'x' }],
      ['an empty body', { title: 'x', body: '' }],
      ['a body over 32,000 characters', { title: 'x', body: 'x'.repeat(32_001) }],
      ['six tags', { title: 'x', body: 'x', tags: ['a', 'b', 'c', 'd', 'e', 'f'] }],
      ['a tag over 32 characters', { title: 'x', body: 'x', tags: ['x'.repeat(33)] }],
      ['an empty tag', { title: 'x', body: 'x', tags: ['  '] }],
      ['an unknown visibility', { title: 'x', body: 'x', visibility: 'secret' }],
      ['an unknown property', { title: 'x', body: 'x', pinned: true }],
    ])('refuses %s with 400 and stores nothing', async (_what, body) => {
      const before = await countRows(t, 'posts');
      const res = await t.http().post('/api/posts').set(member.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await countRows(t, 'posts')).toBe(before);
    });

    it('refuses a visitor (401) and a standard member posting to Golden Crown (403)', async () => {
      const before = await countRows(t, 'posts');
      const visitor = await t.http().post('/api/posts').send({ title: 'x', body: 'x' });
      expect(visitor.status).toBe(401);
      const res = await t
        .http()
        .post('/api/posts')
        .set(member.auth)
        .send({ title: 'x', body: 'x', visibility: 'golden_crown' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await countRows(t, 'posts')).toBe(before);
    });
  });

  describe('visibility', () => {
    const word = `vis${randomUUID().slice(0, 8)}`;
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const posts = {} as Record<Visibility, string>;
    let anchorId: string;

    beforeAll(async () => {
      const poster = await createGoldenCrownMember(t);
      for (const visibility of ['public', 'members', 'golden_crown'] as const) {
        const post = await createPost(t, poster, {
          title: `${visibility} ${word}`,
          body: `about ${word}`,
          visibility,
          tags: [tag],
        });
        posts[visibility] = post.id;
      }
      anchorId = (await createPost(t, poster, { tags: [tag] })).id;
    });

    const viewers: [string, () => TestMember | undefined, Visibility[]][] = [
      ['a visitor', () => undefined, ['public']],
      ['a member', () => member, ['public', 'members']],
      ['a Golden Crown member', () => golden, ['public', 'members', 'golden_crown']],
      ['a moderator', () => moderator, ['public', 'members', 'golden_crown']],
    ];

    it.each(viewers)('%s sees exactly the allowed levels everywhere', async (_who, who, levels) => {
      const viewer = who();
      const get = (path: string) => {
        const req = t.http().get(path);
        return viewer ? req.set(viewer.auth) : req;
      };
      const expected = levels.map((level) => posts[level]).sort();

      const byTag = await get(`/api/posts?tag=${tag}`);
      expect(byTag.status).toBe(200);
      expect(
        idsOf(byTag.body)
          .filter((id: string) => id !== anchorId)
          .sort(),
      ).toEqual(expected);

      const search = await get(`/api/posts?q=${word}`);
      expect(idsOf(search.body).sort()).toEqual(expected);

      const related = await get(`/api/posts/${anchorId}/related`);
      expect(related.status).toBe(200);
      expect(idsOf(related.body).sort()).toEqual(expected);

      for (const level of ['public', 'members', 'golden_crown'] as const) {
        const status = levels.includes(level) ? 200 : 404;
        const detail = await get(`/api/posts/${posts[level]}`);
        expect(detail.status).toBe(status);
        if (status === 404) expect(detail.body.code).toBe('NOT_FOUND');
        expect((await get(`/api/posts/${posts[level]}/comments`)).status).toBe(status);
        expect((await get(`/api/posts/${posts[level]}/related`)).status).toBe(status);
      }

      const tags = await get('/api/tags');
      expect(tags.body.nextCursor).toBeNull();
      expect(tags.body.items).toContainEqual({ name: tag, postCount: levels.length + 1 });
    });
  });

  describe('editing and deleting', () => {
    it('lets the author edit: the HTML and search follow the new body', async () => {
      const post = await createPost(t, member, { body: 'old' });
      const word = `edit${randomUUID().slice(0, 8)}`;
      const res = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(member.auth)
        .send({ body: `**${word}**`, tags: ['Edited'] });
      expect(res.status).toBe(200);
      expect(res.body.bodyHtml).toBe(`<p><strong>${word}</strong></p>\n`);
      expect(res.body.tags).toEqual(['edited']);
      const found = await t.http().get(`/api/posts?q=${word}`);
      expect(idsOf(found.body)).toEqual([post.id]);
    });

    it('sets editedAt when the title or body changes, not for tags, visibility or the same text', async () => {
      const post = await createPost(t, member, { title: 'Stable', body: 'same' });
      const edit = (body: Record<string, unknown>) =>
        t.http().patch(`/api/posts/${post.id}`).set(member.auth).send(body);

      const retagged = await edit({ tags: ['x'], visibility: 'members', title: 'Stable' });
      expect(retagged.status).toBe(200);
      expect(retagged.body.editedAt).toBeNull();
      expect((await edit({ body: 'same' })).body.editedAt).toBeNull();

      const retitled = await edit({ title: 'Changed' });
      expect(retitled.body.editedAt).toEqual(expect.any(String));
      expect(Date.parse(retitled.body.editedAt as string)).toBeGreaterThanOrEqual(
        Date.parse(post.createdAt),
      );
      // Lists carry it too.
      const mine = await t.http().get(`/api/posts?authorId=${member.id}`).set(member.auth);
      const listed = (mine.body.items as { id: string; editedAt: string | null }[]).find(
        (item) => item.id === post.id,
      );
      expect(listed?.editedAt).toBe(retitled.body.editedAt);

      // A later tags-only edit keeps the last text edit's time.
      expect((await edit({ tags: ['y'] })).body.editedAt).toBe(retitled.body.editedAt);
      const rewritten = await edit({ body: 'different' });
      expect(Date.parse(rewritten.body.editedAt as string)).toBeGreaterThanOrEqual(
        Date.parse(retitled.body.editedAt as string),
      );
    });

    it("refuses another member's edit and delete with 403 and changes nothing", async () => {
      const post = await createPost(t, author, { title: 'Mine', body: 'original' });
      const edit = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(member.auth)
        .send({ title: 'Taken over' });
      expect(edit.status).toBe(403);
      expect(edit.body.code).toBe('FORBIDDEN');
      const del = await t.http().delete(`/api/posts/${post.id}`).set(member.auth);
      expect(del.status).toBe(403);
      const after = await t.http().get(`/api/posts/${post.id}`);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ title: 'Mine', body: 'original' });
      expect(after.body.updatedAt).toBe(post.updatedAt);
    });

    it('answers 404 to an edit or delete of a post the member cannot see', async () => {
      const post = await createPost(t, author, { visibility: 'golden_crown', title: 'Secret' });
      const edit = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(member.auth)
        .send({ title: 'x' });
      expect(edit.status).toBe(404);
      const del = await t.http().delete(`/api/posts/${post.id}`).set(member.auth);
      expect(del.status).toBe(404);
      expect(await countRows(t, 'posts', 'id = $1 AND deleted_at IS NULL', [post.id])).toBe(1);
      expect(
        (await t.http().patch(`/api/posts/${randomUUID()}`).set(member.auth).send({ title: 'x' }))
          .status,
      ).toBe(404);
      expect((await t.http().get('/api/posts/not-a-uuid')).status).toBe(400);
    });

    it('soft-deletes for the author: gone for members and visitors, flagged for moderators', async () => {
      const post = await createPost(t, member);
      const del = await t.http().delete(`/api/posts/${post.id}`).set(member.auth);
      expect(del.status).toBe(204);
      expect(await countRows(t, 'posts', 'id = $1 AND deleted_at IS NOT NULL', [post.id])).toBe(1);
      expect((await t.http().get(`/api/posts/${post.id}`)).status).toBe(404);
      expect((await t.http().get(`/api/posts/${post.id}`).set(member.auth)).status).toBe(404);
      const list = await t.http().get(`/api/posts?authorId=${member.id}&limit=100`);
      expect(idsOf(list.body)).not.toContain(post.id);
      const seen = await t.http().get(`/api/posts/${post.id}`).set(moderator.auth);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ deleted: true, hidden: false });
      // The author deleting their own post is not a moderator action.
      expect(await auditCount('post.deleted', post.id)).toBe(0);
    });

    it('lets a moderator edit and delete any post, audited', async () => {
      const post = await createPost(t, member);
      const edit = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(moderator.auth)
        .send({ title: 'Moderated title' });
      expect(edit.status).toBe(200);
      expect(edit.body.title).toBe('Moderated title');
      expect(await auditCount('post.edited', post.id)).toBe(1);
      expect((await t.http().delete(`/api/posts/${post.id}`).set(moderator.auth)).status).toBe(204);
      expect(await auditCount('post.deleted', post.id)).toBe(1);
    });

    it('restores a deleted post for moderators only, audited', async () => {
      const post = await createPost(t, member);
      await t.http().delete(`/api/posts/${post.id}`).set(member.auth).expect(204);
      const refused = await t.http().post(`/api/posts/${post.id}/restore`).set(member.auth);
      expect(refused.status).toBe(403);
      expect(await countRows(t, 'posts', 'id = $1 AND deleted_at IS NOT NULL', [post.id])).toBe(1);

      const res = await t.http().post(`/api/posts/${post.id}/restore`).set(moderator.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: post.id, deleted: false, hidden: false });
      expect(await auditCount('post.restored', post.id)).toBe(1);
      expect((await t.http().get(`/api/posts/${post.id}`)).status).toBe(200);
    });

    it('hides a post through the moderation hook; a moderator restore undoes it', async () => {
      const post = await createPost(t, member);
      const sut = t.app.get(PostsService);
      expect(await sut.findPostForReport(post.id)).toEqual({ id: post.id, authorId: member.id });
      const secret = await createPost(t, author, { visibility: 'golden_crown' });
      expect(await sut.findPostForReport(secret.id, toAuth(member))).toBeNull();
      expect(await sut.findPostForReport(secret.id, toAuth(golden))).toEqual({
        id: secret.id,
        authorId: author.id,
      });
      expect(await t.dataSource.transaction((em) => sut.hidePost(em, post.id))).toBe(true);
      expect(await t.dataSource.transaction((em) => sut.hidePost(em, randomUUID()))).toBe(false);

      expect(await sut.findPostForReport(post.id)).toBeNull();
      expect((await t.http().get(`/api/posts/${post.id}`).set(member.auth)).status).toBe(404);
      const mod = await t.http().get(`/api/posts/${post.id}`).set(moderator.auth);
      expect(mod.body).toMatchObject({ hidden: true, deleted: false });
      const modList = await t
        .http()
        .get(`/api/posts?authorId=${member.id}&includeRemoved=true&limit=100`)
        .set(moderator.auth);
      expect(idsOf(modList.body)).toContain(post.id);
      const memberList = await t
        .http()
        .get(`/api/posts?authorId=${member.id}&includeRemoved=true`)
        .set(member.auth);
      expect(memberList.status).toBe(403);

      await t.http().post(`/api/posts/${post.id}/restore`).set(moderator.auth).expect(200);
      expect((await t.http().get(`/api/posts/${post.id}`).set(member.auth)).status).toBe(200);
    });
  });

  describe('likes', () => {
    it('are idempotent PUT and DELETE answering likeCount and likedByMe', async () => {
      const post = await createPost(t, author);
      const like = () => t.http().put(`/api/posts/${post.id}/like`).set(member.auth);
      expect((await like()).body).toEqual({ likeCount: 1, likedByMe: true });
      expect((await like()).body).toEqual({ likeCount: 1, likedByMe: true });
      const other = await t.http().put(`/api/posts/${post.id}/like`).set(golden.auth);
      expect(other.body).toEqual({ likeCount: 2, likedByMe: true });

      const seen = await t.http().get(`/api/posts/${post.id}`).set(member.auth);
      expect(seen.body).toMatchObject({ likeCount: 2, likedByMe: true });
      expect((await t.http().get(`/api/posts/${post.id}`)).body.likedByMe).toBe(false);

      const unlike = () => t.http().delete(`/api/posts/${post.id}/like`).set(member.auth);
      expect((await unlike()).body).toEqual({ likeCount: 1, likedByMe: false });
      expect((await unlike()).body).toEqual({ likeCount: 1, likedByMe: false });
      expect(await countRows(t, 'post_likes', 'post_id = $1', [post.id])).toBe(1);
    });

    it('refuse a visitor (401) and a post the member cannot see (404), storing nothing', async () => {
      const post = await createPost(t, author, { visibility: 'golden_crown' });
      expect((await t.http().put(`/api/posts/${post.id}/like`)).status).toBe(401);
      const res = await t.http().put(`/api/posts/${post.id}/like`).set(member.auth);
      expect(res.status).toBe(404);
      expect(await countRows(t, 'post_likes', 'post_id = $1', [post.id])).toBe(0);
    });
  });

  describe('the feed', () => {
    let feedAuthor: TestMember;
    const ids: string[] = [];

    beforeAll(async () => {
      feedAuthor = await createMember(t);
      for (let i = 0; i < 45; i++) {
        ids.push((await createPost(t, feedAuthor, { title: `Feed ${i}`, tags: ['feed'] })).id);
      }
    });

    async function pageThrough(limit: number, between?: () => Promise<void>): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t
          .http()
          .get('/api/posts')
          .query({ authorId: feedAuthor.id, limit, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...idsOf(res.body));
        cursor = res.body.nextCursor;
        if (between) await between();
      } while (cursor);
      return seen;
    }

    it('lists 45 posts in pages of 20 newest first, each exactly once', async () => {
      const seen = await pageThrough(20);
      expect(seen).toEqual([...ids].reverse());
    });

    it('stays stable while new posts arrive between pages', async () => {
      const before = [...ids].reverse();
      const seen = await pageThrough(20, async () => {
        await createPost(t, feedAuthor, { title: 'Newer' });
      });
      expect(seen.slice(0, 20)).toEqual(before.slice(0, 20));
      expect(seen.filter((id) => before.includes(id))).toEqual(before);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('refuses a forged cursor with 400', async () => {
      const res = await t.http().get('/api/posts?cursor=bm90LWEtY3Vyc29y');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('uses the same small number of SQL queries for 5 posts as for 50', async () => {
      const logger = t.dataSource.logger;
      const spy = jest.spyOn(logger, 'logQuery');
      const once = async (limit: number, as?: TestMember) => {
        spy.mockClear();
        const req = t.http().get(`/api/posts?limit=${limit}`);
        const res = await (as ? req.set(as.auth) : req).expect(200);
        expect(res.body.items).toHaveLength(limit);
        return spy.mock.calls.length;
      };
      // The session and member caches live 30 s: an entry can lapse between the warm-up and
      // the measured read on a slow machine and add its one reload. The fewest of two warm
      // reads is the feed's own count; an N+1 shows in every read.
      const count = async (limit: number, as?: TestMember) => {
        await once(limit, as);
        return Math.min(await once(limit, as), await once(limit, as));
      };
      try {
        for (const viewer of [undefined, member]) {
          const small = await count(5, viewer);
          const large = await count(50, viewer);
          expect(large).toBe(small);
          expect(large).toBeGreaterThanOrEqual(1);
          expect(large).toBeLessThanOrEqual(3);
        }
      } finally {
        spy.mockRestore();
      }
    });
  });
  describe('summaries in lists', () => {
    const SUMMARY_FIELDS = [
      'id',
      'title',
      'excerpt',
      'tags',
      'visibility',
      'author',
      'likeCount',
      'commentCount',
      'likedByMe',
      'coverImageUrl',
      'bookmarkedByMe',
      'createdAt',
      'updatedAt',
      'editedAt',
    ].sort();

    it("a member's posts answer the excerpt, never body or bodyHtml; the detail keeps the body", async () => {
      const writer = await createMember(t);
      const body = `# Heading\n\n**Bold** [a link](https://example.com) ${'长文'.repeat(150)}`;
      const post = await createPost(t, writer, { body });
      const res = await t.http().get('/api/posts').query({ authorId: writer.id });
      expect(res.status).toBe(200);
      const [item] = res.body.items as Record<string, unknown>[];
      expect(Object.keys(item).sort()).toEqual(SUMMARY_FIELDS);
      expect(item.excerpt).toBe(`Heading Bold a link ${'长文'.repeat(89)}长…`);
      expect([...(item.excerpt as string)]).toHaveLength(200);

      const detail = await t.http().get(`/api/posts/${post.id}`);
      expect(detail.body).toMatchObject({ body, bodyHtml: post.bodyHtml });
      expect(detail.body).not.toHaveProperty('excerpt');
    });

    it("follows an edit of the body, and a moderator's list is a summary too", async () => {
      const writer = await createMember(t);
      const post = await createPost(t, writer, { body: 'before' });
      await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(writer.auth)
        .send({ body: '## after *edit*' })
        .expect(200);
      const res = await t
        .http()
        .get('/api/posts')
        .set(moderator.auth)
        .query({ authorId: writer.id, includeRemoved: true });
      expect(res.body.items[0]).toMatchObject({ id: post.id, excerpt: 'after edit' });
      expect(res.body.items[0]).not.toHaveProperty('body');
      expect(res.body.items[0]).not.toHaveProperty('bodyHtml');
    });

    it('reads neither body nor body_html from the database for a list', async () => {
      const writer = await createMember(t);
      await createPost(t, writer, { body: 'x' });
      const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
      try {
        await t.http().get('/api/posts').query({ authorId: writer.id }).expect(200);
        const sql = spy.mock.calls.map(([query]) => query).join('\n');
        expect(sql).toContain('excerpt');
        expect(sql).not.toMatch(/\bbody\b|body_html/);
      } finally {
        spy.mockRestore();
      }
    });

    it('the migration fills the excerpt and the tag tokens of a post stored without them', async () => {
      const writer = await createMember(t);
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO posts (author_id, title, body, body_html, tags, search_tokens)
         VALUES ($1, 'Old post', '*Stored* before excerpts', '', '{backfilled}', '{old,post}')
         RETURNING id`,
        [writer.id],
      );
      const runner = t.dataSource.createQueryRunner();
      try {
        await backfillPostExcerptsAndTags(runner);
      } finally {
        await runner.release();
      }
      const [row] = await t.dataSource.query<{ excerpt: string; search_tokens: string[] }[]>(
        'SELECT excerpt, search_tokens FROM posts WHERE id = $1',
        [id],
      );
      expect(row.excerpt).toBe('Stored before excerpts');
      expect(row.search_tokens).toEqual(expect.arrayContaining(['backfilled', 'stored', 'old']));
      const found = await t.http().get('/api/posts').query({ q: 'BACKFILLED' });
      expect(idsOf(found.body)).toEqual([id]);
    });
  });

  describe('preview', () => {
    it('renders and sanitizes exactly as publishing would, storing nothing', async () => {
      const before = await countRows(t, 'posts');
      for (const payload of XSS_CORPUS) {
        const res = await t
          .http()
          .post('/api/posts/preview')
          .set(member.auth)
          .send({ body: payload });
        expect(res.status).toBe(200);
        expect(Object.keys(res.body)).toEqual(['bodyHtml']);
        expect(res.body.bodyHtml).toBe(renderMarkdown(payload));
        expect(dangerous(res.body.bodyHtml)).toBeNull();
      }
      expect(await countRows(t, 'posts')).toBe(before);

      const body = '# 直通车\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1)) **SEO**';
      const preview = await t.http().post('/api/posts/preview').set(member.auth).send({ body });
      const published = await createPost(t, member, { body });
      expect(preview.body.bodyHtml).toBe(published.bodyHtml);
    });

    it("shows the caller's own uploaded picture as the published post does (and another's as a link)", async () => {
      const writer = await createMember(t);
      const mine = await upload(t, writer, 'post_image', await image());
      const theirs = await upload(t, member, 'post_image', await image());
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      const url = (res: typeof mine) => (res.body as { url: string }).url;
      const body = `Before\n\n![x](${url(mine)})\n\n![y](${url(theirs)})\n`;

      const preview = await t.http().post('/api/posts/preview').set(writer.auth).send({ body });
      expect(preview.status).toBe(200);
      const published = await createPost(t, writer, { body });
      expect(preview.body.bodyHtml).toBe(published.bodyHtml);
      expect(published.bodyHtml).toContain(`<img src="${url(mine)}"`);
      expect(published.bodyHtml).not.toContain(`<img src="${url(theirs)}"`);

      // Another member previewing the same body sees neither picture as an image.
      const other = await t.http().post('/api/posts/preview').set(member.auth).send({ body });
      expect(other.body.bodyHtml).not.toContain(`<img src="${url(mine)}"`);
    });

    it("previews an edit as the post's author's uploads, for the author or a moderator (postId)", async () => {
      const writer = await createMember(t);
      const picture = await upload(t, writer, 'post_image', await image());
      const body = `Edited\n\n![x](${(picture.body as { url: string }).url})\n`;
      const post = await createPost(t, writer, { body: 'First' });
      const previewAs = (who: TestMember, postId: string) =>
        t.http().post('/api/posts/preview').set(who.auth).send({ body, postId });

      const byModerator = await previewAs(moderator, post.id);
      expect(byModerator.status).toBe(200);
      const byWriter = await previewAs(writer, post.id);
      const edited = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(moderator.auth)
        .send({ body })
        .expect(200);
      expect(edited.body.bodyHtml).toContain('<img');
      expect(byModerator.body.bodyHtml).toBe(edited.body.bodyHtml);
      expect(byWriter.body.bodyHtml).toBe(edited.body.bodyHtml);

      // Only who may edit it: another member 403, an unknown post 404, a malformed id 400.
      expect((await previewAs(member, post.id)).status).toBe(403);
      expect((await previewAs(member, randomUUID())).status).toBe(404);
      const malformed = await previewAs(member, 'nope');
      expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('refuses a visitor (401) and a body outside 1–32,000 characters (400)', async () => {
      expect((await t.http().post('/api/posts/preview').send({ body: 'x' })).status).toBe(401);
      for (const body of ['', 'x'.repeat(32_001)]) {
        const res = await t.http().post('/api/posts/preview').set(member.auth).send({ body });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const longest = await t
        .http()
        .post('/api/posts/preview')
        .set(member.auth)
        .send({ body: 'x'.repeat(32_000) });
      expect(longest.status).toBe(200);
    });
  });
});

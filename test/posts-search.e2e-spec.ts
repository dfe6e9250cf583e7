import { randomUUID } from 'node:crypto';
import { SEARCH_WINDOW } from '../src/modules/posts/posts.service';
import { MAX_QUERY_TOKENS } from '../src/common/search/search-tokens';
import {
  createMember,
  createModerator,
  createPost,
  type PostOverrides,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Post search, related posts and tags (e2e)', () => {
  let t: TestApp;
  let author: TestMember;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      RATE_LIMIT_SEARCH_PER_MINUTE: '1000',
    });
    author = await createMember(t);
  });
  afterAll(() => t.close());

  /** The id of a new post by `author`. */
  const newPost = async (overrides: PostOverrides) => (await createPost(t, author, overrides)).id;

  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id);
  const search = (q: string, extra: Record<string, string | number> = {}) =>
    t
      .http()
      .get('/api/posts')
      .query({ q, authorId: author.id, ...extra });

  describe('search', () => {
    let through: string;
    let ops: string;
    let seo: string;
    let both: string;

    beforeAll(async () => {
      through = await newPost({ title: '淘宝直通车怎么开', body: '点击率和出价的经验' });
      ops = await newPost({ title: '店铺日常', body: '做好每天的运营数据记录' });
      seo = await newPost({ title: 'Title tips', body: 'Better SEO for product pages' });
      both = await newPost({ title: '直通车 SEO 运营', body: 'all of them' });
    });

    it('finds a two-character Chinese term inside longer text', async () => {
      expect(ids(await search('直通')).sort()).toEqual([through, both].sort());
      expect(ids(await search('运营')).sort()).toEqual([ops, both].sort());
    });

    it('finds an English word whatever its case', async () => {
      expect(ids(await search('seo')).sort()).toEqual([seo, both].sort());
      expect(ids(await search('SEO')).sort()).toEqual([seo, both].sort());
    });

    it('needs every term: Chinese and English together', async () => {
      expect(ids(await search('SEO 直通车'))).toEqual([both]);
      expect(ids(await search('直播'))).toEqual([]);
      expect(ids(await search('!!!'))).toEqual([]);
    });

    it('ranks more occurrences (title counting more) first, then the newest', async () => {
      const word = `rank${randomUUID().slice(0, 6)}`;
      const once = await newPost({ title: 'a', body: `${word}` });
      const inTitle = await newPost({ title: `${word}`, body: 'b' });
      const thrice = await newPost({ title: 'c', body: `${word} ${word} ${word} ${word}` });
      const onceNewer = await newPost({ title: 'd', body: `${word}` });
      expect(ids(await search(word))).toEqual([thrice, inTitle, onceNewer, once]);

      const first = await search(word, { limit: 2 });
      expect(ids(first)).toEqual([thrice, inTitle]);
      const second = await search(word, { limit: 2, cursor: first.body.nextCursor as string });
      expect(ids(second)).toEqual([onceNewer, once]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('ranks an edited post by its new title and body', async () => {
      const word = `edit${randomUUID().slice(0, 6)}`;
      const first = await newPost({ title: 'a', body: word });
      const second = await newPost({ title: 'b', body: `${word} ${word}` });
      expect(ids(await search(word))).toEqual([second, first]);
      await t
        .http()
        .patch(`/api/posts/${first}`)
        .set(author.auth)
        .send({ title: `${word} in the title` })
        .expect(200);
      expect(ids(await search(word))).toEqual([first, second]);
    });

    it(`answers a 66-word query by its first ${MAX_QUERY_TOKENS} words, ignoring the rest`, async () => {
      // aa, ab, … cn: 66 two-letter words fit the 200 characters of `q`.
      const words = Array.from(
        { length: 66 },
        (_, i) => String.fromCharCode(97 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26)),
      );
      const all = await newPost({ title: 'all 66', body: `${words.join(' ')} `.repeat(20) });
      const firstOnly = await newPost({
        title: 'the counted words only',
        body: words.slice(0, MAX_QUERY_TOKENS).join(' '),
      });
      await newPost({ title: 'one counted word missing', body: words.slice(1).join(' ') });

      const res = await search(words.join(' '));
      expect(res.status).toBe(200);
      // `all` holds every word 20 times: it ranks first.
      expect(ids(res)).toEqual([all, firstOnly]);
    });
  });

  describe('the search window', () => {
    it(`ranks the newest ${SEARCH_WINDOW} matches the caller may see: removed or unseen posts take no place`, async () => {
      const word = `window${randomUUID().slice(0, 6)}`;
      // The only public match, and the most relevant (its title holds the word).
      const older = await newPost({ title: word, body: 'the oldest match' });
      const newer = (visibility: string, hidden: boolean) =>
        t.dataSource.query(
          `INSERT INTO posts (author_id, title, body, body_html, visibility, search_tokens,
                              hidden_at, created_at)
           SELECT $1, 'newer', $2, $2, CAST($3 AS posts_visibility_enum), ARRAY[$2],
                  CASE WHEN $4 THEN now() END, now() + g * interval '1 second'
             FROM generate_series(1, $5::int) AS g`,
          [author.id, word, visibility, hidden, SEARCH_WINDOW / 2],
        );
      // As many newer matches as the window holds: half hidden, half for members only.
      await newer('public', true);
      await newer('members', false);
      expect(ids(await search(word))).toEqual([older]);

      // A window's worth of newer public matches pushes it out, however relevant it is.
      await newer('public', false);
      await newer('public', false);
      const res = await search(word, { limit: 100 });
      expect(res.body.items).toHaveLength(100);
      expect(ids(res)).not.toContain(older);
    });
  });

  describe('the tag list and search results follow every write at once (both are cached)', () => {
    it('counts a post from its creation, edit, deletion, hiding and restoring on', async () => {
      // "0…" sorts first among tags used once: it stays in the 100 the list answers.
      const tag = `0live${randomUUID().slice(0, 8)}`;
      const word = `live${randomUUID().slice(0, 8)}`;
      const moderator = await createModerator(t);
      const tagCount = async () => {
        const res = await t.http().get('/api/tags').expect(200);
        const items = res.body.items as { name: string; postCount: number }[];
        return items.find((item) => item.name === tag)?.postCount ?? 0;
      };
      const found = async () =>
        ids(await t.http().get('/api/posts').query({ q: word }).expect(200)).sort();
      expect(await tagCount()).toBe(0);
      expect(await found()).toEqual([]);

      const first = await newPost({ title: word, tags: [tag] });
      expect(await tagCount()).toBe(1);
      expect(await found()).toEqual([first]);

      const second = await newPost({ title: 'not yet' });
      await t
        .http()
        .patch(`/api/posts/${second}`)
        .set(author.auth)
        .send({ title: `${word} too`, tags: [tag] })
        .expect(200);
      expect(await tagCount()).toBe(2);
      expect(await found()).toEqual([first, second].sort());

      await t.http().delete(`/api/posts/${first}`).set(author.auth).expect(204);
      expect(await tagCount()).toBe(1);
      expect(await found()).toEqual([second]);

      const reporter = await createMember(t);
      const report = await t
        .http()
        .post('/api/reports')
        .set(reporter.auth)
        .send({ targetType: 'post', targetId: second, reason: '广告 spam' })
        .expect(201);
      await t
        .http()
        .post(`/api/moderation/reports/${report.body.id as string}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content' })
        .expect(200);
      expect(await tagCount()).toBe(0);
      expect(await found()).toEqual([]);

      await t.http().post(`/api/posts/${second}/restore`).set(moderator.auth).expect(200);
      expect(await tagCount()).toBe(1);
      expect(await found()).toEqual([second]);
    });
  });

  describe('search over tags', () => {
    it('finds a post tagged seo by q=SEO though its title and body lack the word', async () => {
      const writer = await createMember(t);
      const tagged = await createPost(t, writer, {
        title: '店铺推广',
        body: 'Better product pages',
        tags: ['seo', '直通车'],
      });
      await createPost(t, writer, { title: 'Untagged', body: 'Better product pages' });
      const find = (q: string) => t.http().get('/api/posts').query({ q, authorId: writer.id });
      expect(ids(await find('SEO'))).toEqual([tagged.id]);
      expect(ids(await find('直通'))).toEqual([tagged.id]);
    });

    it('follows an edit of the tags', async () => {
      const writer = await createMember(t);
      const post = await createPost(t, writer, { tags: ['before'] });
      await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(writer.auth)
        .send({ tags: ['after'] })
        .expect(200);
      const find = (q: string) => t.http().get('/api/posts').query({ q, authorId: writer.id });
      expect(ids(await find('after'))).toEqual([post.id]);
      expect(ids(await find('before'))).toEqual([]);
    });
  });

  describe('related posts', () => {
    it('gives up to five visible posts sharing the most tags, then the newest', async () => {
      const [a, b, c] = [1, 2, 3].map(() => `t${randomUUID().slice(0, 8)}`);
      const source = await newPost({ tags: [a, b, c] });
      const shareOne = await newPost({ tags: [a] });
      const shareThree = await newPost({ tags: [c, b, a] });
      const shareTwo = await newPost({ tags: [a, b] });
      const shareOneNewer = await newPost({ tags: [c] });
      await newPost({ tags: ['unrelated'] });
      const shareTwoNewer = await newPost({ tags: [b, c] });
      const hidden = await newPost({ tags: [a, b, c], visibility: 'members' });
      const deleted = await newPost({ tags: [a, b, c] });
      await t.http().delete(`/api/posts/${deleted}`).set(author.auth).expect(204);

      const res = await t.http().get(`/api/posts/${source}/related`);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(ids(res)).toEqual([shareThree, shareTwoNewer, shareTwo, shareOneNewer, shareOne]);
      for (const item of res.body.items as Record<string, unknown>[]) {
        expect(item).not.toHaveProperty('body');
        expect(item).not.toHaveProperty('bodyHtml');
        expect(item.excerpt).toBe('Some experience');
      }

      const asMember = await t
        .http()
        .get(`/api/posts/${source}/related`)
        .set((await createMember(t)).auth);
      expect(ids(asMember)[0]).toBe(hidden);
      expect(ids(asMember)).not.toContain(deleted);
      expect(ids(asMember)).toHaveLength(5);
    });

    it('is empty for a post without tags', async () => {
      const lonely = await newPost({ tags: [] });
      const res = await t.http().get(`/api/posts/${lonely}/related`);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('tags', () => {
    it('counts visible, not removed posts per tag, most used first', async () => {
      const [x, y] = [`x${randomUUID().slice(0, 8)}`, `y${randomUUID().slice(0, 8)}`];
      await newPost({ tags: [x, y] });
      await newPost({ tags: [y.toUpperCase()] });
      await newPost({ tags: [y], visibility: 'members' });
      const removed = await newPost({ tags: [y] });
      await t.http().delete(`/api/posts/${removed}`).set(author.auth).expect(204);

      const visitor = await t.http().get('/api/tags');
      expect(visitor.status).toBe(200);
      const items = (visitor.body as { items: { name: string; postCount: number }[] }).items;
      const counts = new Map(items.map((i) => [i.name, i.postCount]));
      expect(counts.get(y)).toBe(2);
      expect(counts.get(x)).toBe(1);
      const names = items.map((i) => i.name);
      expect(names.indexOf(y)).toBeLessThan(names.indexOf(x));

      const mod = await t
        .http()
        .get('/api/tags')
        .set((await createModerator(t)).auth);
      expect(mod.body.items).toContainEqual({ name: y, postCount: 3 });
    });

    it('answers at most 100 tags', async () => {
      for (let i = 0; i < 21; i++) {
        await newPost({ tags: [1, 2, 3, 4, 5].map((n) => `many-${i}-${n}`) });
      }
      const res = await t.http().get('/api/tags');
      expect(res.body.items).toHaveLength(100);
    });

    it('filters the feed by tag, case-insensitively', async () => {
      const tag = `f${randomUUID().slice(0, 8)}`;
      const tagged = await newPost({ tags: [tag] });
      const res = await t
        .http()
        .get('/api/posts')
        .query({ tag: ` ${tag.toUpperCase()} ` });
      expect(ids(res)).toEqual([tagged]);
    });
  });
});

/*
 * Caches across processes need the Redis and PostgreSQL server both share; CI's second run
 * (`DATABASE_URL` and `REDIS_URL` set) runs this.
 */
if (process.env.REDIS_URL && process.env.DATABASE_URL) {
  describe('Tags and search on two server processes (one Redis, one PostgreSQL)', () => {
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      const limits = { RATE_LIMIT_WRITE_PER_MINUTE: '1000', RATE_LIMIT_SEARCH_PER_MINUTE: '1000' };
      const prefix = `laogao-test-${randomUUID().slice(0, 8)}:`;
      one = await createTestApp({ ...limits, REDIS_KEY_PREFIX: prefix });
      two = await createTestApp({
        ...limits,
        REDIS_KEY_PREFIX: prefix,
        DATABASE_URL: one.config.DATABASE_URL ?? '',
        JWT_SECRET: one.config.JWT_SECRET ?? '',
      });
    });
    afterAll(async () => {
      await two.close();
      await one.close();
    });

    it('shows a post written through one process in the other’s tags and search at once', async () => {
      const tag = `0both${randomUUID().slice(0, 8)}`;
      const word = `both${randomUUID().slice(0, 8)}`;
      const tagCount = async (app: TestApp) => {
        const res = await app.http().get('/api/tags').expect(200);
        const items = res.body.items as { name: string; postCount: number }[];
        return items.find((item) => item.name === tag)?.postCount ?? 0;
      };
      const found = async (app: TestApp) => {
        const res = await app.http().get('/api/posts').query({ q: word }).expect(200);
        return (res.body.items as { id: string }[]).map((item) => item.id);
      };
      // Both processes have read (and cached) the lists before the write.
      for (const app of [one, two]) {
        expect(await tagCount(app)).toBe(0);
        expect(await found(app)).toEqual([]);
      }
      const writer = await createMember(one);
      const { id } = await createPost(one, writer, { title: word, tags: [tag] });
      expect(await tagCount(two)).toBe(1);
      expect(await found(two)).toEqual([id]);

      await one.http().delete(`/api/posts/${id}`).set(writer.auth).expect(204);
      expect(await tagCount(two)).toBe(0);
      expect(await found(two)).toEqual([]);
    });
  });
}

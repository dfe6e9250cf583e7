import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import {
  createGoldenCrownMember,
  createMember,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" /><title>老高电商圈 · Laogao Circle</title><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

/** The `content` of `<meta {attribute}="{name}" content="…">`, or the tag's text for `title`. */
function tagValue(html: string, attribute: 'name' | 'property', name: string): string | undefined {
  const escaped = name.replace(/[:.]/g, '\\$&');
  return new RegExp(`<meta ${attribute}="${escaped}" content="([^"]*)" />`).exec(html)?.[1];
}
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]*)" \/>/.exec(html)?.[1];

/** What a client page answer is made of, to compare two answers byte for byte. */
const pageOf = (res: Response) => ({
  status: res.status,
  type: res.headers['content-type'],
  cache: res.headers['cache-control'],
  text: res.text,
});

describe('Pages for search engines (e2e)', () => {
  let t: TestApp;
  let dist: string;
  let author: TestMember;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'laogao-seo-'));
    writeFileSync(join(dist, 'index.html'), INDEX_HTML);
    t = await createTestApp({ WEB_DIST_DIR: dist, RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
    author = await createGoldenCrownMember(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  describe('a post’s page', () => {
    it('carries a public post’s title, description, canonical URL and Open Graph tags', async () => {
      const post = await createPost(t, author, {
        title: 'Tmall SEO in 2026',
        body: '# Ranking\n\nKeywords **first**, then images.',
      });
      const res = await t.http().get(`/posts/${post.id}`).set('Host', 'circle.test:8080');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(res.headers['cache-control']).toBe('no-cache');
      const url = `http://circle.test:8080/posts/${post.id}`;
      expect(titleOf(res.text)).toBe('Tmall SEO in 2026 · 老高电商圈 · Laogao Circle');
      expect(tagValue(res.text, 'name', 'description')).toBe(
        'Ranking Keywords first, then images.',
      );
      expect(canonicalOf(res.text)).toBe(url);
      expect(tagValue(res.text, 'property', 'og:title')).toBe('Tmall SEO in 2026');
      expect(tagValue(res.text, 'property', 'og:description')).toBe(
        'Ranking Keywords first, then images.',
      );
      expect(tagValue(res.text, 'property', 'og:url')).toBe(url);
      expect(tagValue(res.text, 'property', 'og:type')).toBe('article');
      expect(tagValue(res.text, 'property', 'og:site_name')).toBe('老高电商圈 · Laogao Circle');
      expect(tagValue(res.text, 'property', 'article:published_time')).toBe(post.createdAt);
      // The rest of the client page is untouched: one title, the same script and root.
      expect(res.text.match(/<title>/g)).toHaveLength(1);
      expect(res.text).toContain('<script type="module" src="/assets/index-abc123.js"></script>');
      expect(res.text).toContain('<div id="root"></div>');
      // HEAD answers like GET, without a body.
      const head = await t.http().head(`/posts/${post.id}`);
      expect(head.status).toBe(200);
      expect(head.headers['content-type']).toMatch(/^text\/html/);
    });

    it('escapes what the title and excerpt hold', async () => {
      const post = await createPost(t, author, {
        title: `</title><script>alert(1)</script> "Q" & 'A'`,
        body: `Body with "quotes" & <b>tags</b> and <script>alert(2)</script>`,
      });
      const res = await t.http().get(`/posts/${post.id}`).expect(200);
      expect(res.text).not.toMatch(/<script>alert/);
      expect(res.text.match(/<\/title>/g)).toHaveLength(1);
      expect(titleOf(res.text)).toBe(
        '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &amp; &#39;A&#39; · 老高电商圈 · Laogao Circle',
      );
      expect(tagValue(res.text, 'property', 'og:title')).toBe(
        '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &amp; &#39;A&#39;',
      );
      const description = tagValue(res.text, 'name', 'description') ?? '';
      expect(description).toContain('&quot;quotes&quot; &amp;');
      expect(description).not.toMatch(/[<>"]/);
    });

    it('answers every other post exactly as any client route: members-only, Golden Crown, hidden, deleted, unknown, malformed', async () => {
      const plain = pageOf(await t.http().get('/rooms').expect(200));
      expect(plain.text).toBe(INDEX_HTML);

      const members = await createPost(t, author, { visibility: 'members' });
      const golden = await createPost(t, author, { visibility: 'golden_crown' });
      const hidden = await createPost(t, author);
      await t.dataSource.query('UPDATE posts SET hidden_at = now() WHERE id = $1', [hidden.id]);
      const deleted = await createPost(t, author);
      await t.http().delete(`/api/posts/${deleted.id}`).set(author.auth).expect(204);
      const paths = [
        `/posts/${members.id}`,
        `/posts/${golden.id}`,
        `/posts/${hidden.id}`,
        `/posts/${deleted.id}`,
        `/posts/${randomUUID()}`,
        '/posts/not-a-uuid',
        `/posts/${members.id}x`,
        '/posts/%3Cscript%3E',
      ];
      for (const path of paths) {
        // A signed-in reader who may see the post gets the plain page too: the page is the
        // same for everyone, and the client reads the post itself.
        const res = await t.http().get(path).set(author.auth);
        expect({ path, ...pageOf(res) }).toEqual({ path, ...plain });
      }
    });

    it('loses its tags when the post stops being public', async () => {
      const post = await createPost(t, author);
      expect(canonicalOf((await t.http().get(`/posts/${post.id}`)).text)).toBeDefined();
      await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(author.auth)
        .send({ visibility: 'members' })
        .expect(200);
      expect((await t.http().get(`/posts/${post.id}`)).text).toBe(INDEX_HTML);
    });

    it('names the last edit of the title or body', async () => {
      const post = await createPost(t, author);
      const edited = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(author.auth)
        .send({ title: 'Retitled' })
        .expect(200);
      const res = await t.http().get(`/posts/${post.id}`);
      expect(tagValue(res.text, 'property', 'article:modified_time')).toBe(edited.body.editedAt);
    });

    it('ignores X-Forwarded-Host and -Proto without TRUST_PROXY', async () => {
      const post = await createPost(t, author);
      const res = await t
        .http()
        .get(`/posts/${post.id}`)
        .set('Host', 'internal:3000')
        .set('X-Forwarded-Host', 'evil.example')
        .set('X-Forwarded-Proto', 'https');
      expect(canonicalOf(res.text)).toBe(`http://internal:3000/posts/${post.id}`);
    });
  });

  describe('/sitemap.xml', () => {
    it('lists public posts only, newest first, with <lastmod>, as XML', async () => {
      const older = await createPost(t, author);
      const newer = await createPost(t, author);
      const members = await createPost(t, author, { visibility: 'members' });
      const golden = await createPost(t, author, { visibility: 'golden_crown' });
      const hidden = await createPost(t, author);
      await t.dataSource.query('UPDATE posts SET hidden_at = now() WHERE id = $1', [hidden.id]);
      const deleted = await createPost(t, author);
      await t.http().delete(`/api/posts/${deleted.id}`).set(author.auth).expect(204);

      const res = await t.http().get('/sitemap.xml').set('Host', 'circle.test').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      const xml = res.text;
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')).toBe(true);
      const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]);
      const url = (id: string) => `http://circle.test/posts/${id}`;
      expect(locs).toEqual(expect.arrayContaining([url(older.id), url(newer.id)]));
      for (const id of [members.id, golden.id, hidden.id, deleted.id]) {
        expect(locs).not.toContain(url(id));
      }
      expect(locs.indexOf(url(newer.id))).toBeLessThan(locs.indexOf(url(older.id)));
      expect(xml).toContain(
        `<url><loc>${url(newer.id)}</loc><lastmod>${newer.createdAt}</lastmod></url>`,
      );
      // A GET with a body is the same; other methods are not for this path.
      expect((await t.http().post('/sitemap.xml').send({})).status).toBe(404);
    });

    it('reads one statement of ids and dates, never a title or body; a post’s page reads one too', async () => {
      const post = await createPost(t, author);
      const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
      try {
        await t.http().get('/sitemap.xml').expect(200);
        const sitemapReads = spy.mock.calls.map(([query]) => query);
        expect(sitemapReads).toHaveLength(1);
        expect(sitemapReads[0]).not.toMatch(/title|body|excerpt/);
        spy.mockClear();
        await t.http().get(`/posts/${post.id}`).expect(200);
        expect(spy.mock.calls.map(([query]) => query)).toEqual([
          expect.stringMatching(/"p"\."id" = \$\d/),
        ]);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('/robots.txt', () => {
    it('allows posts, disallows the API and names the sitemap', async () => {
      const res = await t.http().get('/robots.txt').set('Host', 'circle.test').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text.split('\n')).toEqual(
        expect.arrayContaining([
          'User-agent: *',
          'Allow: /posts/',
          'Disallow: /api',
          'Sitemap: http://circle.test/sitemap.xml',
        ]),
      );
    });
  });
});

describe('Pages for search engines with PUBLIC_URL and without a web client (e2e)', () => {
  let t: TestApp;
  let member: TestMember;

  beforeAll(async () => {
    // No web client here: WEB_DIST_DIR names a folder without index.html.
    t = await createTestApp({
      WEB_DIST_DIR: join(tmpdir(), `laogao-no-web-${randomUUID()}`),
      PUBLIC_URL: 'https://circle.example.com/',
    });
    member = await createMember(t);
  });
  afterAll(() => t.close());

  it('builds the sitemap and robots.txt from PUBLIC_URL, whatever the Host', async () => {
    const post = await createPost(t, member);
    const sitemap = await t.http().get('/sitemap.xml').set('Host', 'elsewhere').expect(200);
    expect(sitemap.text).toContain(`<loc>https://circle.example.com/posts/${post.id}</loc>`);
    const robots = await t.http().get('/robots.txt').expect(200);
    expect(robots.text).toContain('Sitemap: https://circle.example.com/sitemap.xml');
  });

  it('leaves post paths to the API-only server as today (404) when there is no client page', async () => {
    const post = await createPost(t, member);
    const res = await t.http().get(`/posts/${post.id}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('og:title');
  });
});

// Its own app, once the others are closed: two live test apps share passport's strategies.
describe('Pages for search engines behind a proxy (e2e)', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'laogao-seo-proxy-'));
    writeFileSync(join(dist, 'index.html'), INDEX_HTML);
    t = await createTestApp({ WEB_DIST_DIR: dist, TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('takes the host and scheme from the proxy with TRUST_PROXY', async () => {
    const post = await createPost(t, await createMember(t));
    const res = await t
      .http()
      .get(`/posts/${post.id}`)
      .set('X-Forwarded-Host', 'circle.example.org')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    expect(canonicalOf(res.text)).toBe(`https://circle.example.org/posts/${post.id}`);
  });
});

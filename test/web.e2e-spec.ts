import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './support/test-app';

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

describe('The web client served at /', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'laogao-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX_HTML);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("client");');
    writeFileSync(join(dist, 'assets', 'index-abc123.js.map'), '{"version":3}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers / with the client page, under the content security policy', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<div id="root">');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/posts/8c0f3a51-3c1e-4d0e-9f59-6f2a1c8b9d11', '/rooms', '/golden-crown', '/a/b/c'])(
    'answers the client route %s with the client page, so a reload keeps the route',
    async (path) => {
      const res = await t.http().get(path).expect(200);
      expect(res.text).toBe(INDEX_HTML);
    },
  );

  it('serves hashed assets with a long cache and other files without', async () => {
    const asset = await t.http().get('/assets/index-abc123.js').expect(200);
    expect(asset.text).toBe('console.log("client");');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await t.http().get('/assets/index-abc123.js.map').expect(200);
    const icon = await t.http().get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('keeps the JSON 404 for unknown /api paths, whatever the method', async () => {
    for (const path of ['/api/no-such-thing', '/api', '/api/posts/x/y/z']) {
      const res = await t.http().get(path).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
    const post = await t.http().post('/api/no-such-thing').send({});
    expect(post.status).toBe(404);
    expect(post.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives the client page to GET only', async () => {
    const post = await t.http().post('/golden-crown').send({});
    expect(post.status).toBe(404);
    expect(post.text).not.toContain('<div id="root">');
  });

  it('still answers the API', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });
});

describe('The web client in production', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'laogao-web-prod-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX_HTML);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("client");');
    writeFileSync(join(dist, 'assets', 'index-abc123.js.map'), '{"version":3}');
    t = await createTestApp({ WEB_DIST_DIR: dist, NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the assets but not their source maps (development serves them)', async () => {
    await t.http().get('/assets/index-abc123.js').expect(200);
    const map = await t.http().get('/assets/index-abc123.js.map');
    expect(map.status).toBe(404);
    expect(map.text).not.toContain('version');
  });
});

describe('The server without a built web client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ WEB_DIST_DIR: join(tmpdir(), 'laogao-no-such-web-dist') });
  });
  afterAll(() => t.close());

  it('serves the API only: / is a 404', async () => {
    const res = await t.http().get('/').expect(404);
    expect(res.text).not.toContain('<div id="root">');
    await t.http().get('/api/health').expect(200);
  });
});

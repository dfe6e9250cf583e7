import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants as zlibConstants,
  gunzipSync,
  gzipSync,
} from 'node:zlib';
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

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it came over the wire, not decompressed. */
  body: Buffer;
}

/** A GET that sends exactly `headers` and keeps the body's bytes (supertest would unzip). */
function rawGet(
  server: Server,
  path: string,
  headers: Partial<Record<string, string>>,
): Promise<RawAnswer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const varies = (answer: RawAnswer): boolean =>
  /(^|,)\s*accept-encoding\s*(,|$)/i.test(answer.headers.vary ?? '');

describe('Compressed answers and precompressed assets', () => {
  let t: TestApp;
  let dist: string;
  let server: Server;
  // Bigger than the 1 KB threshold, so that only the precompressed file explains the bytes.
  const script = 'console.log("the client, long enough to be worth compressing");\n'.repeat(40);
  const scriptBr = brotliCompressSync(script, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
  });
  const scriptGz = gzipSync(script, { level: 9 });
  const page = `${INDEX_HTML}<!-- ${'padding '.repeat(200)} -->`;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'laogao-web-compressed-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), page);
    writeFileSync(join(dist, 'index.html.br'), brotliCompressSync(page));
    writeFileSync(join(dist, 'index.html.gz'), gzipSync(page));
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dist, 'assets', 'index-abc123.js.br'), scriptBr);
    writeFileSync(join(dist, 'assets', 'index-abc123.js.gz'), scriptGz);
    writeFileSync(join(dist, 'assets', 'index-abc123.js.map'), '{"version":3}');
    // Not precompressed: sent as it is, or compressed per request like any answer.
    writeFileSync(join(dist, 'assets', 'style-abc123.css'), 'body { color: #333; }\n'.repeat(80));
    // Already compressed by its format: never compressed again.
    writeFileSync(join(dist, 'assets', 'photo-abc123.png'), randomBytes(4096));
    t = await createTestApp({ WEB_DIST_DIR: dist, NODE_ENV: 'production' });
    await t.app.listen(0, '127.0.0.1');
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('compresses a JSON answer over 1 KB in gzip or brotli by Accept-Encoding, with Vary', async () => {
    const plain = await rawGet(server, '/api/docs-json', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(varies(plain)).toBe(true);

    const gzip = await rawGet(server, '/api/docs-json', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(varies(gzip)).toBe(true);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(gzip.body)).toEqual(plain.body);

    // Browsers list gzip first: brotli, smaller, wins when both are accepted.
    for (const accepted of ['br', 'gzip, deflate, br, zstd']) {
      const br = await rawGet(server, '/api/docs-json', { 'Accept-Encoding': accepted });
      expect(br.headers['content-encoding']).toBe('br');
      expect(varies(br)).toBe(true);
      expect(br.body.length).toBeLessThan(gzip.body.length);
      expect(brotliDecompressSync(br.body)).toEqual(plain.body);
    }
    const refused = await rawGet(server, '/api/docs-json', { 'Accept-Encoding': 'identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toEqual(plain.body);
  });

  it('sends a JSON answer under 1 KB as it is', async () => {
    const health = await rawGet(server, '/api/health', { 'Accept-Encoding': 'gzip, br' });
    expect(health.status).toBe(200);
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok', database: 'up' });
  });

  it('sends a built asset from its .br or .gz file, with the original type and cache rule', async () => {
    const path = '/assets/index-abc123.js';
    const br = await rawGet(server, path, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(varies(br)).toBe(true);
    // The build's quality-11 file byte for byte, not a compression made per request.
    expect(br.body).toEqual(scriptBr);
    expect(br.headers['content-length']).toBe(String(scriptBr.length));

    const gzip = await rawGet(server, path, { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(gzip.body).toEqual(scriptGz);

    for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'zstd' }]) {
      const plain = await rawGet(server, path, headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(varies(plain)).toBe(true);
      expect(plain.body.toString('utf8')).toBe(script);
    }
  });

  it('sends the client page from index.html.br on every client route, never cached', async () => {
    for (const path of ['/', '/rooms', '/posts/8c0f3a51-3c1e-4d0e-9f59-6f2a1c8b9d11']) {
      const br = await rawGet(server, path, { 'Accept-Encoding': 'br' });
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/^text\/html/);
      expect(br.headers['cache-control']).toBe('no-cache');
      expect(varies(br)).toBe(true);
      expect(brotliDecompressSync(br.body).toString('utf8')).toBe(page);
    }
    const plain = await rawGet(server, '/rooms', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(page);
  });

  it('compresses a built file without a compressed copy per request, but never an image', async () => {
    const css = await rawGet(server, '/assets/style-abc123.css', { 'Accept-Encoding': 'br' });
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(brotliDecompressSync(css.body).toString('utf8')).toContain('color: #333');

    const photo = await rawGet(server, '/assets/photo-abc123.png', {
      'Accept-Encoding': 'gzip, br',
    });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['content-encoding']).toBeUndefined();
    expect(photo.body.length).toBe(4096);
  });

  it('answers source maps 404 in production, compressed or not', async () => {
    for (const headers of [{}, { 'Accept-Encoding': 'gzip, br' }]) {
      const map = await rawGet(server, '/assets/index-abc123.js.map', headers);
      expect(map.status).toBe(404);
      expect(map.body.toString('utf8')).not.toContain('version');
    }
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Clock } from '../src/common/clock/clock';
import { JobRunner } from '../src/modules/jobs/job-runner';
import { createMember, createPost, FACTORY_PASSWORD } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { describeUploadAccess } from './support/upload-access';
import {
  binary,
  fetchFile,
  HTML_PAGE,
  image,
  PDF,
  pngDeclaring,
  SVG_WITH_SCRIPT,
  upload,
} from './support/uploads';

const HOUR = 3_600_000;

describe('Uploads (local store)', () => {
  let t: TestApp;
  let dataDir: string;
  let now: Date;
  const clock: Clock = { now: () => now };

  beforeAll(async () => {
    now = new Date();
    dataDir = await mkdtemp(join(tmpdir(), 'laogao-uploads-spec-'));
    t = await createTestApp(
      {
        DATA_DIR: dataDir,
        MAX_UPLOAD_BYTES: String(300 * 1024),
        UPLOADS_PER_DAY: '12',
        RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      },
      { clock },
    );
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const stored = async (id: string): Promise<string[]> => {
    const [row] = await t.dataSource.query<{ storage_key: string; webp_key: string | null }[]>(
      'SELECT storage_key, webp_key FROM uploads WHERE id = $1',
      [id],
    );
    return [row.storage_key, row.webp_key].filter((key): key is string => key !== null);
  };
  const onDisk = (key: string) => existsSync(join(dataDir, 'uploads', key.slice(0, 2), key));

  describeUploadAccess(() => t);

  describe('type sniffing', () => {
    it('refuses an SVG with a script, HTML named .png, a PNG named .pdf: 415', async () => {
      const member = await createMember(t);
      for (const [purpose, bytes, name] of [
        ['post_image', SVG_WITH_SCRIPT, 'logo.svg'],
        ['post_image', SVG_WITH_SCRIPT, 'logo.png'],
        ['post_image', HTML_PAGE, 'photo.png'],
        ['application_evidence', HTML_PAGE, 'turnover.pdf'],
        ['application_evidence', await image(), 'turnover.pdf'],
        ['post_image', PDF, 'image.png'],
        ['post_image', PDF, 'evidence.pdf'],
        ['avatar', randomBytes(2000), 'noise.png'],
      ] as const) {
        const res = await upload(t, member, purpose, bytes, name);
        expect({ name, status: res.status, code: res.body.code }).toEqual({
          name,
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
      }
      const count = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM uploads WHERE owner_id = $1',
        [member.id],
      );
      expect(count).toEqual([{ n: 0 }]);
    });

    it('refuses a PNG that also carries a script (a polyglot)', async () => {
      const member = await createMember(t);
      const polyglot = Buffer.concat([await image(), Buffer.from('<script>alert(1)</script>')]);
      const res = await upload(t, member, 'post_image', polyglot, 'x.png');
      expect(res.status).toBe(415);
    });

    it('decides by bytes, not the header, with fields in any order', async () => {
      const member = await createMember(t);
      const res = await t
        .http()
        .post('/api/uploads')
        .set(member.auth)
        .attach('file', await image(20, 20, 'gif'), { filename: 'a', contentType: 'text/html' })
        .field('purpose', 'post_image');
      expect(res.status).toBe(201);
      expect(res.body.contentType).toBe('image/gif');
      const webp = await upload(
        t,
        member,
        'post_image',
        await image(20, 20, 'webp'),
        'x.webp',
        false,
      );
      expect(webp.status).toBe(201);
      expect(webp.body.contentType).toBe('image/webp');
    });

    it('refuses a decompression bomb (a tiny PNG declaring 100,000²) with 422, undecodable too', async () => {
      const member = await createMember(t);
      const bomb = await pngDeclaring(100_000, 100_000);
      expect(bomb.length).toBeLessThan(1000);
      const res = await upload(t, member, 'post_image', bomb, 'bomb.png');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IMAGE_UNPROCESSABLE');
      const truncated = (await image(500, 500)).subarray(0, 60);
      const broken = await upload(t, member, 'post_image', truncated, 'broken.png');
      expect(broken.status).toBe(422);
    });
  });

  describe('limits', () => {
    it('refuses more than MAX_UPLOAD_BYTES with 413 and stores nothing', async () => {
      const member = await createMember(t);
      const res = await upload(t, member, 'post_image', randomBytes(400 * 1024), 'big.png');
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      const count = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM uploads WHERE owner_id = $1',
        [member.id],
      );
      expect(count).toEqual([{ n: 0 }]);
    });

    it('answers 400 without a purpose or a file, and without multipart', async () => {
      const member = await createMember(t);
      const noPurpose = await t
        .http()
        .post('/api/uploads')
        .set(member.auth)
        .attach('file', await image(), 'a.png');
      expect(noPurpose.status).toBe(400);
      expect(noPurpose.body.details[0].field).toBe('purpose');
      const noFile = await t
        .http()
        .post('/api/uploads')
        .set(member.auth)
        .field('purpose', 'avatar');
      expect(noFile.status).toBe(400);
      const json = await t.http().post('/api/uploads').set(member.auth).send({ purpose: 'avatar' });
      expect(json.status).toBe(400);
      const visitor = await t
        .http()
        .post('/api/uploads')
        .attach('file', await image(), 'a.png');
      expect(visitor.status).toBe(401);
    });

    it('counts UPLOADS_PER_DAY in the database: the next is 429 until a day has passed', async () => {
      const member = await createMember(t);
      const png = await image(10, 10);
      for (let i = 0; i < 12; i += 1) {
        expect((await upload(t, member, 'post_image', png)).status).toBe(201);
      }
      const refused = await upload(t, member, 'post_image', png);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      now = new Date(now.getTime() + 25 * HOUR);
      expect((await upload(t, member, 'post_image', png)).status).toBe(201);
    });

    it('refuses uploads while suspended', async () => {
      const member = await createMember(t, { suspendedUntil: new Date(Date.now() + 24 * HOUR) });
      const res = await upload(t, member, 'avatar', await image());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
    });
  });

  describe('clean-up, export and erasure', () => {
    it('removes uploads nothing uses after 24 hours, keeping used ones', async () => {
      const member = await createMember(t);
      const unused = (await upload(t, member, 'post_image', await image(21, 21))).body;
      const used = (await upload(t, member, 'post_image', await image(22, 22))).body;
      const avatar = (await upload(t, member, 'avatar', await image(23, 23))).body;
      await createPost(t, member, { body: `![](${used.url})` });
      const unusedKeys = await stored(unused.id);
      expect(unusedKeys.every(onDisk)).toBe(true);

      now = new Date(now.getTime() + 23 * HOUR);
      await t.app.get(JobRunner).run('uploads.cleanup', now);
      expect((await fetchFile(t, unused.url, member)).status).toBe(200);

      now = new Date(now.getTime() + 2 * HOUR);
      await t.app.get(JobRunner).run('uploads.cleanup', now);
      expect((await fetchFile(t, unused.url, member)).status).toBe(404);
      expect(unusedKeys.some(onDisk)).toBe(false);
      expect((await fetchFile(t, used.url, member)).status).toBe(200);
      expect((await fetchFile(t, avatar.url)).status).toBe(200);
    });

    it('deletes evidence GOLDEN_CROWN_EVIDENCE_RETENTION_DAYS after the decision', async () => {
      const member = await createMember(t);
      const evidence = (await upload(t, member, 'application_evidence', PDF, 'a.pdf')).body;
      const [application] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO membership_applications (applicant_id, status, company_name, annual_turnover_cny,
           is_decision_maker, job_title, organization_type, motivation, privacy_agreement_version,
           rules_version, decided_at)
         VALUES ($1, 'approved', 'Co', 80000000, true, 'CEO', 'brand', 'm', 'v1', 'r1', $2)
         RETURNING id`,
        [member.id, now],
      );
      await t.dataSource.query('UPDATE uploads SET application_id = $2 WHERE id = $1', [
        evidence.id,
        application.id,
      ]);
      now = new Date(now.getTime() + 89 * 24 * HOUR);
      await t.app.get(JobRunner).run('uploads.cleanup', now);
      expect((await fetchFile(t, evidence.url, member)).status).toBe(200);
      now = new Date(now.getTime() + 2 * 24 * HOUR);
      await t.app.get(JobRunner).run('uploads.cleanup', now);
      expect((await fetchFile(t, evidence.url, member)).status).toBe(404);
    });

    it('exports the files in the JSON and in a zip archive', async () => {
      const member = await createMember(t);
      const png = await image(33, 33);
      const file = (await upload(t, member, 'post_image', png, 'p.png')).body;
      const pdf = (await upload(t, member, 'application_evidence', PDF, 'e.pdf')).body;
      const json = await t.http().get('/api/members/me/export').set(member.auth);
      expect(json.status).toBe(200);
      const files = [...(json.body.files as { purpose: string }[])].sort((a, b) =>
        b.purpose.localeCompare(a.purpose),
      );
      expect(files).toEqual([
        {
          id: file.id,
          purpose: 'post_image',
          url: file.url,
          contentType: 'image/png',
          bytes: file.bytes,
        },
        {
          id: pdf.id,
          purpose: 'application_evidence',
          url: pdf.url,
          contentType: 'application/pdf',
          bytes: PDF.length,
        },
      ]);
      const zip = await t
        .http()
        .get('/api/members/me/export/archive')
        .set(member.auth)
        .buffer(true)
        .parse(binary);
      expect(zip.status).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      const bytes = zip.body as Buffer;
      expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
      expect(bytes.includes('export.json')).toBe(true);
      expect(bytes.includes(`files/${file.id}.png`)).toBe(true);
      expect(bytes.includes(`files/${pdf.id}.pdf`)).toBe(true);
      // Files are stored uncompressed: their bytes appear as they are served.
      const served = await fetchFile(t, file.url, member);
      expect(bytes.includes(served.body)).toBe(true);
      expect(bytes.includes(PDF)).toBe(true);
    });

    it('erasure deletes the member’s files from the store', async () => {
      const member = await createMember(t);
      const file = (await upload(t, member, 'avatar', await image(34, 34))).body;
      const keys = await stored(file.id);
      expect(keys.every(onDisk)).toBe(true);
      const erased = await t
        .http()
        .delete('/api/members/me')
        .set(member.auth)
        .send({ password: FACTORY_PASSWORD });
      expect(erased.status).toBe(204);
      await t.app.get(JobRunner).run('uploads.cleanup', now);
      expect(keys.some(onDisk)).toBe(false);
      expect((await fetchFile(t, file.url)).status).toBe(404);
    });
  });

  describe('fuzz', () => {
    it('never answers 500 to arbitrary bodies, fields and ids', async () => {
      const member = await createMember(t);
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 2048 }),
          fc.string({ maxLength: 40 }),
          fc.string({ maxLength: 40 }),
          async (bytes, purpose, name) => {
            const res = await t
              .http()
              .post('/api/uploads')
              .set(member.auth)
              .field('purpose', purpose.replace(/\0/g, '') || 'x')
              .attach('file', Buffer.from(bytes), (name.replace(/[\0"\r\n]/g, '') || 'f') + '.png');
            expect(res.status).toBeLessThan(500);
            const raw = await t
              .http()
              .post('/api/uploads')
              .set(member.auth)
              .set(
                'Content-Type',
                `multipart/form-data; boundary=${name.replace(/[\0\r\n]/g, '') || 'b'}`,
              )
              .send(Buffer.from(bytes));
            expect(raw.status).toBeLessThan(500);
            const get = await t
              .http()
              .get(
                `/api/uploads/${encodeURIComponent(name)}?variant=${encodeURIComponent(purpose)}`,
              );
            expect(get.status).toBeLessThan(500);
          },
        ),
        { numRuns: 40 },
      );
      const bad = await t
        .http()
        .get(`/api/uploads/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}?variant=gif`);
      expect(bad.status).toBe(400);
    });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { describeUploadAccess } from './support/upload-access';
import { fetchFile, image, upload } from './support/uploads';

const BUCKET = 'laogao-uploads';

/**
 * The same uploads against S3-compatible storage: a real S3 protocol server (s3rver)
 * started in the test, reached with @aws-sdk/client-s3 as MinIO or AWS would be.
 */
describe('Uploads (S3 store)', () => {
  let t: TestApp;
  let s3: S3rver;
  let s3Dir: string;
  let endpoint: string;
  let port: number;

  const startS3 = async (atPort: number) => {
    s3 = new S3rver({
      address: '127.0.0.1',
      port: atPort,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: BUCKET }],
    });
    return s3.run();
  };

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'laogao-s3-'));
    ({ port } = await startS3(0));
    endpoint = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      S3_ENDPOINT: endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
    });
  });
  afterAll(async () => {
    await t.close();
    await s3.close().catch(() => undefined);
    await rm(s3Dir, { recursive: true, force: true });
  });

  describeUploadAccess(() => t);

  it('stores the bytes in the bucket under their content-addressed key', async () => {
    const member = await createMember(t);
    const { body } = await upload(t, member, 'post_image', await image(50, 40));
    const [row] = await t.dataSource.query<{ storage_key: string }[]>(
      'SELECT storage_key FROM uploads WHERE id = $1',
      [body.id],
    );
    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const object = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: row.storage_key }),
    );
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    client.destroy();
    expect(bytes.equals((await fetchFile(t, body.url, member)).body)).toBe(true);
  });

  it('answers 503 while the store is unreachable, storing nothing, serving what it read lately', async () => {
    const member = await createMember(t);
    const { body: avatar } = await upload(t, member, 'avatar', await image(64, 64));
    expect((await fetchFile(t, avatar.url)).status).toBe(200);
    const { body: unread } = await upload(t, member, 'post_image', await image(65, 64));
    await s3.close();
    const cached = await fetchFile(t, avatar.url);
    expect(cached.status).toBe(200);
    expect(cached.headers['content-type']).toBe('image/png');
    expect((await fetchFile(t, unread.url, member)).status).toBe(503);
    const refused = await upload(t, member, 'post_image', await image(60, 40));
    expect(refused.status).toBe(503);
    const rows = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM uploads WHERE owner_id = $1',
      [member.id],
    );
    expect(rows).toEqual([{ n: 2 }]);
    await startS3(port);
    const accepted = await upload(t, member, 'post_image', await image(60, 40));
    expect(accepted.status).toBe(201);
    expect((await fetchFile(t, accepted.body.url, member)).status).toBe(200);
  });
});

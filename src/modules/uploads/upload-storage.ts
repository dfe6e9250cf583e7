import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { LRUCache } from 'lru-cache';
import type { AppConfigService } from '../../config/app-config.service';
import { IN_MEMORY } from '../../database/embedded-database';
import type { ProcessedUpload } from './upload-processing';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

/** A stored object as read back: its bytes as a stream, and how many. */
export interface StoredObject {
  body: Readable;
  bytes: number;
}

/**
 * Where uploaded files live, by content-addressed key (`<sha256>.<ext>`): the same bytes
 * always have the same key, so a key is written once and never changes. Every method
 * throws `StorageUnavailableError` when the store cannot be reached.
 */
export interface UploadStorage {
  /** Idempotent: writing a key that exists writes the same bytes again. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** `null` when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
}

export const UPLOAD_STORAGE = Symbol('UPLOAD_STORAGE');

/**
 * The store the configuration names: the bucket when `S3_BUCKET` is set (with the small
 * files read lately kept in memory, readable while the bucket is unreachable), else
 * `DATA_DIR/uploads` (a fresh temporary folder with the in-memory `DATA_DIR`). The uploads
 * module provides it as `UPLOAD_STORAGE`; `npm run seed:demo` opens the same one.
 */
export async function openUploadStorage(config: AppConfigService): Promise<UploadStorage> {
  const bucket = config.get('S3_BUCKET');
  if (bucket) {
    const s3 = new S3UploadStorage({
      endpoint: config.get('S3_ENDPOINT'),
      bucket,
      accessKeyId: config.get('S3_ACCESS_KEY_ID'),
      secretAccessKey: config.get('S3_SECRET_ACCESS_KEY'),
      region: config.get('S3_REGION'),
      forcePathStyle: config.get('S3_FORCE_PATH_STYLE'),
    });
    return new CachingUploadStorage(s3);
  }
  const dataDir = config.get('DATA_DIR');
  return LocalUploadStorage.open(dataDir === IN_MEMORY ? undefined : resolve(dataDir, 'uploads'));
}

/**
 * Stores a processed file: its bytes, and an image's WebP variant under its own key. The
 * bytes go in before the row that names them (a failed store leaves no row).
 */
export async function storeProcessed(
  storage: UploadStorage,
  processed: ProcessedUpload,
): Promise<void> {
  await storage.put(processed.key, processed.bytes, processed.contentType);
  if (processed.webp && processed.webp.key !== processed.key) {
    await storage.put(processed.webp.key, processed.webp.bytes, 'image/webp');
  }
}

/** The object store failed or could not be reached: the request answers `503`. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `The file store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'StorageUnavailableError';
  }
}

const KEY_PATTERN = /^[0-9a-f]{64}\.(jpg|png|webp|gif|pdf)$/;

function checkKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error(`Not a storage key: ${key}`);
  return key;
}

/** Files under a directory (`DATA_DIR/uploads`), two levels of fan-out by hash prefix. */
export class LocalUploadStorage implements UploadStorage {
  private constructor(private readonly root: string) {}

  /** `dir` undefined: a fresh directory under the system's temp dir (the in-memory setup). */
  static async open(dir: string | undefined): Promise<LocalUploadStorage> {
    const root = dir ? resolve(dir) : await mkdtemp(join(tmpdir(), 'laogao-uploads-'));
    await mkdir(root, { recursive: true });
    return new LocalUploadStorage(root);
  }

  private pathOf(key: string): string {
    return join(this.root, checkKey(key).slice(0, 2), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      const { size } = await stat(path);
      return { body: createReadStream(path), bytes: size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StorageUnavailableError(error);
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  region: string;
  forcePathStyle: boolean;
}

/**
 * An S3-compatible bucket (MinIO, AWS S3, s3rver in tests). The server reads objects and
 * serves them itself, so browsers only ever load images from `'self'`.
 */
export class S3UploadStorage implements UploadStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // S3-compatible servers do not all know the newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: checkKey(key),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      );
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key) }),
      );
      if (!answer.Body) return null;
      return { body: answer.Body as Readable, bytes: answer.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw new StorageUnavailableError(error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key) }),
      );
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  close(): void {
    this.client.destroy();
  }
}

/** Objects up to this size are kept in memory once read. */
const CACHED_OBJECT_MAX = 1024 * 1024;

/**
 * A remote store with the small objects last read kept in memory (`maxBytes` in all): what
 * was read lately (avatars, the images of recent posts) is still served while the store is
 * unreachable. Objects never change under their content-addressed keys, so a cached copy is
 * never stale; a deleted key leaves the cache at once.
 */
export class CachingUploadStorage implements UploadStorage {
  private readonly cache: LRUCache<string, Buffer>;

  constructor(
    private readonly inner: UploadStorage,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.cache = new LRUCache<string, Buffer>({
      maxSize: maxBytes,
      sizeCalculation: (bytes) => Math.max(1, bytes.length),
    });
  }

  put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    return this.inner.put(key, bytes, contentType);
  }

  async get(key: string): Promise<StoredObject | null> {
    let object: StoredObject | null;
    try {
      object = await this.inner.get(key);
    } catch (error) {
      const cached = this.cache.get(key);
      if (cached && error instanceof StorageUnavailableError) return fromBuffer(cached);
      throw error;
    }
    if (!object || object.bytes <= 0 || object.bytes > CACHED_OBJECT_MAX) return object;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Buffer));
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
    const bytes = Buffer.concat(chunks);
    this.cache.set(key, bytes);
    return fromBuffer(bytes);
  }

  async delete(key: string): Promise<void> {
    this.cache.delete(key);
    await this.inner.delete(key);
  }
}

function fromBuffer(bytes: Buffer): StoredObject {
  return { body: Readable.from([bytes]), bytes: bytes.length };
}

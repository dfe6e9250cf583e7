import { randomUUID } from 'node:crypto';
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { REDIS_ANSWER_TIMEOUT_MS } from '../rate-limit/rate-limiters';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';
import { TtlCache } from './ttl-cache';

/** A promise that rejects after `ms`: a stalled Redis never stalls a read. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The version of some shared data (the posts lists show, say): every write of that data
 * changes it, and a cached value is good only under the version it was read at. With Redis
 * the version is one key, `${REDIS_KEY_PREFIX}cache:<name>`, so a write in one process is
 * seen by every process's next read; without Redis it lives in this process.
 */
export class CacheVersion {
  private readonly logger = new Logger(CacheVersion.name);
  /** Counts this process's own changes, so they invalidate at once even if Redis fails. */
  private local = 0;

  constructor(
    private readonly redis: RedisClient | null,
    private readonly key: string,
  ) {}

  /**
   * The version now; `null` when Redis cannot say (not connected, failing, or slower than
   * `REDIS_ANSWER_TIMEOUT_MS`): the caller then reads without the cache.
   */
  async current(): Promise<string | null> {
    if (!this.redis) return String(this.local);
    if (!this.redis.isReady) return null;
    try {
      let shared = await within(this.redis.get(this.key), REDIS_ANSWER_TIMEOUT_MS);
      if (shared === null) {
        // A new (or restarted) Redis: a fresh random version, never one seen before.
        await within(
          this.redis.set(this.key, randomUUID(), { condition: 'NX' }),
          REDIS_ANSWER_TIMEOUT_MS,
        );
        shared = await within(this.redis.get(this.key), REDIS_ANSWER_TIMEOUT_MS);
      }
      return shared === null ? null : `${shared}:${this.local}`;
    } catch (error) {
      this.logger.warn(`Redis cache version ${this.key}: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * Called after a write has committed. With Redis a failure is logged: this process
   * still drops what it cached, and other processes' entries expire with their TTL.
   */
  async change(): Promise<void> {
    this.local += 1;
    if (!this.redis?.isReady) return;
    try {
      await within(this.redis.set(this.key, randomUUID()), REDIS_ANSWER_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`Redis cache version ${this.key} not changed: ${(error as Error).message}`);
    }
  }
}

interface Versioned<V> {
  version: string;
  value: V;
}

/**
 * A `TtlCache` whose entries are as fresh as a read from the database, in every process:
 * each entry keeps the version (`CacheVersion`) current when its value was read, and is
 * used only while that version is still current. The version is read before the value,
 * and writers change it after they commit, so a value read around a write is never kept
 * past it. Concurrent misses of one key share one read. The TTL only bounds how long a
 * missed change (Redis unreachable, a write by another program) could be served.
 */
export class VersionedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly entries: TtlCache<K, Versioned<V>>;
  private readonly loading = new Map<K, Versioned<Promise<V>>>();

  constructor(
    private readonly version: CacheVersion,
    ttlMs: number,
    maxEntries: number,
  ) {
    this.entries = new TtlCache(ttlMs, maxEntries);
  }

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const version = await this.version.current();
    if (version === null) return load();
    const entry = this.entries.get(key);
    if (entry?.version === version) return entry.value;
    const pending = this.loading.get(key);
    if (pending?.version === version) return pending.value;
    const value = load();
    this.loading.set(key, { version, value });
    try {
      const loaded = await value;
      this.entries.set(key, { version, value: loaded });
      return loaded;
    } finally {
      if (this.loading.get(key)?.value === value) this.loading.delete(key);
    }
  }
}

/** Makes the named `CacheVersion`s, shared by every process through Redis when it is set. */
@Injectable()
export class CacheVersions {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    config: AppConfigService,
  ) {
    this.prefix = `${config.get('REDIS_KEY_PREFIX')}cache:`;
  }

  private readonly versions = new Map<string, CacheVersion>();

  /** The one `CacheVersion` of `name` in this process. */
  of(name: string): CacheVersion {
    let version = this.versions.get(name);
    if (!version) {
      version = new CacheVersion(this.redis, this.prefix + name);
      this.versions.set(name, version);
    }
    return version;
  }
}

@Global()
@Module({ providers: [CacheVersions], exports: [CacheVersions] })
export class SharedCacheModule {}

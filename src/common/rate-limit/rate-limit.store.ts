import type { RedisClient } from '../redis/redis.module';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

/**
 * Fixed-window counters shared by the HTTP limits and the login lockout: in memory for
 * one process, in Redis when several processes serve the same members.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  peek(key: string): Promise<WindowCount>;
  reset(key: string): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return Promise.resolve({ count: window.count, resetMs: window.endsAt - now });
  }

  peek(key: string): Promise<WindowCount> {
    const now = Date.now();
    const window = this.windows.get(key);
    return Promise.resolve(
      window && window.endsAt > now
        ? { count: window.count, resetMs: window.endsAt - now }
        : { count: 0, resetMs: 0 },
    );
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/**
 * Counters shared by every process through Redis. While Redis is unreachable, each
 * process counts in its own memory rather than failing or stalling the request: a limit
 * is a guard, and the site stays up.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback = new MemoryRateLimitStore();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const name = this.prefix + key;
    return this.orFallback(
      async () => {
        const [count, , ttl] = await this.redis
          .multi()
          .incr(name)
          .pExpire(name, windowMs, 'NX')
          .pTTL(name)
          .exec();
        return { count: Number(count), resetMs: Math.max(Number(ttl), 0) };
      },
      () => this.fallback.hit(key, windowMs),
    );
  }

  async peek(key: string): Promise<WindowCount> {
    const name = this.prefix + key;
    return this.orFallback(
      async () => {
        const [count, ttl] = await this.redis.multi().get(name).pTTL(name).exec();
        return { count: Number(count ?? 0), resetMs: Math.max(Number(ttl), 0) };
      },
      () => this.fallback.peek(key),
    );
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    await this.orFallback(
      async () => {
        await this.redis.del(this.prefix + key);
      },
      () => Promise.resolve(),
    );
  }

  close(): void {
    this.fallback.close();
  }

  private async orFallback<T>(viaRedis: () => Promise<T>, inMemory: () => Promise<T>): Promise<T> {
    if (!this.redis.isReady) return inMemory();
    try {
      return await viaRedis();
    } catch {
      return inMemory();
    }
  }
}

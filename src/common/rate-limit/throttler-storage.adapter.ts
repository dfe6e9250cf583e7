import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOne, type RateLimiters } from './rate-limiters';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Lets `@nestjs/throttler` count with `rate-limiter-flexible`: one limiter per throttler,
 * in Redis when we have one. Every request counts, refused ones too.
 */
export class ThrottlerStorageAdapter implements ThrottlerStorage {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly factory: RateLimiters) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const { allowed, consumedPoints, msBeforeNext } = await consumeOne(
      this.limiterOf(throttlerName, limit, ttl),
      key,
    );
    const seconds = Math.ceil(msBeforeNext / 1000);
    const isBlocked = !allowed;
    return {
      totalHits: consumedPoints,
      timeToExpire: seconds,
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds : 0,
    };
  }

  private limiterOf(name: string, limit: number, ttlMs: number): RateLimiterAbstract {
    const id = `${name}:${limit}:${ttlMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = this.factory.create(name, limit, ttlMs);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

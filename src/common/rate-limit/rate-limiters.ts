import { Inject, Injectable } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppConfigService } from '../../config/app-config.service';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';

/**
 * A Redis command not answered by then is answered from memory: a stalled Redis never
 * stalls a request or an event. (The `redis` client's own command timeout covers only
 * commands not yet written.)
 */
export const REDIS_ANSWER_TIMEOUT_MS = 500;

/** At most `points` per key in a fixed window of `durationMs` that starts at the key's first point. */
export interface LimiterRule {
  /** Names the counters: the key prefix in Redis. */
  keyPrefix: string;
  points: number;
  durationMs: number;
}

/**
 * A `rate-limiter-flexible` limiter: in this process's memory without Redis; with Redis,
 * shared by every process, and counted in memory (its insurance limiter) while Redis is
 * not connected, fails, or does not answer within `REDIS_ANSWER_TIMEOUT_MS`. A limit is a
 * guard, and the site stays up.
 */
export function createRateLimiter(
  rule: LimiterRule,
  redis: RedisClient | null,
): RateLimiterAbstract {
  const options = {
    keyPrefix: rule.keyPrefix,
    points: rule.points,
    duration: rule.durationMs / 1000,
  };
  const inMemory = new RateLimiterMemory(options);
  if (!redis) return inMemory;
  return new RLWrapperTimeouts({
    limiter: new RateLimiterRedis({
      ...options,
      storeClient: redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
    }),
    timeoutMs: REDIS_ANSWER_TIMEOUT_MS,
    insuranceLimiter: inMemory,
  });
}

export interface Consumed {
  allowed: boolean;
  /** Points in the window, this one included (refused ones count too). */
  consumedPoints: number;
  msBeforeNext: number;
}

/** Consumes one point of `key`: whether it was allowed, and the window's count. */
export async function consumeOne(limiter: RateLimiterAbstract, key: string): Promise<Consumed> {
  try {
    const { consumedPoints, msBeforeNext } = await limiter.consume(key);
    return { allowed: true, consumedPoints, msBeforeNext };
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const { consumedPoints, msBeforeNext } = refusal;
    return { allowed: false, consumedPoints, msBeforeNext };
  }
}

/** Creates limiters on the app's Redis (`REDIS_URL`) under `REDIS_KEY_PREFIX`, or in memory. */
@Injectable()
export class RateLimiters {
  constructor(
    private readonly config: AppConfigService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
  ) {}

  create(name: string, points: number, durationMs: number): RateLimiterAbstract {
    const keyPrefix = `${this.config.get('REDIS_KEY_PREFIX')}rl:${name}`;
    return createRateLimiter({ keyPrefix, points, durationMs }, this.redis);
  }
}

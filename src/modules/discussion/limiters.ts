import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOne, REDIS_ANSWER_TIMEOUT_MS } from '../../common/rate-limit/rate-limiters';
import type { RedisClient } from '../../common/redis/redis.module';
import { SlidingWindows } from './sliding-windows';
import { TokenBuckets } from './token-buckets';

/** Takes one unit of a key's allowance: `false` when none is left. */
export interface Limiter {
  take(key: string): Promise<boolean>;
}

/**
 * A burst of `capacity`, refilled at `perSecond` (chat flood control); or at most `limit`
 * in any `windowMs` (throttles that the API contract words as "N per T").
 */
export type LimitRule =
  | { kind: 'bucket'; capacity: number; perSecond: number }
  | { kind: 'window'; limit: number; windowMs: number };

/** The rule counted in this process's memory. */
function inMemory(rule: LimitRule): { take(key: string): boolean } {
  return rule.kind === 'bucket'
    ? new TokenBuckets(rule.capacity, rule.perSecond)
    : new SlidingWindows(rule.limit, rule.windowMs);
}

/**
 * The same algorithms as `TokenBuckets` and `SlidingWindows`, atomic in Redis. Both read
 * Redis's clock, so processes whose clocks differ still share one count. Refusals write
 * nothing; keys expire once they are equivalent to a missing key.
 */
const NOW_MS = `
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;

const TOKEN_BUCKET_SCRIPT = `${NOW_MS}
  local capacity, per_second = tonumber(ARGV[1]), tonumber(ARGV[2])
  local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
  local tokens = capacity
  if state[1] then
    tokens = math.min(capacity, tonumber(state[1]) + (now - tonumber(state[2])) / 1000 * per_second)
  end
  if tokens < 1 then return 0 end
  tokens = tokens - 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_second * 1000))
  return 1`;

const SLIDING_WINDOW_SCRIPT = `${NOW_MS}
  local limit, window_ms = tonumber(ARGV[1]), tonumber(ARGV[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window_ms)
  if redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window_ms)
  return 1`;

/** `promise`, or a rejection once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * A limit shared by every process through Redis. While Redis is unreachable (or a command
 * fails, or stalls past `REDIS_ANSWER_TIMEOUT_MS`), this process counts in its own memory
 * instead of failing the event: a limit is a guard, and chat stays up (as the HTTP limits
 * do through `createRateLimiter`'s insurance limiter).
 *
 * Hand-written because `rate-limiter-flexible` counts fixed windows only: it has no token
 * bucket (its `BurstyRateLimiter` refills the burst all at once, so the sustained rate
 * exceeds `perSecond`) and no sliding window (a fixed window lets `2 × limit` through
 * around its boundary).
 */
export class RedisLimiter implements Limiter {
  private readonly logger = new Logger(RedisLimiter.name);
  private readonly fallback: { take(key: string): boolean };
  private readonly script: string;
  private readonly sha: string;
  private readonly args: string[];
  /** Unique members of a sliding window's sorted set (two takes may share a millisecond). */
  private readonly origin = randomUUID();
  private taken = 0;
  private degraded = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    rule: LimitRule,
  ) {
    this.fallback = inMemory(rule);
    this.script = rule.kind === 'bucket' ? TOKEN_BUCKET_SCRIPT : SLIDING_WINDOW_SCRIPT;
    this.sha = sha1(this.script);
    this.args =
      rule.kind === 'bucket'
        ? [String(rule.capacity), String(rule.perSecond)]
        : [String(rule.limit), String(rule.windowMs)];
  }

  async take(key: string): Promise<boolean> {
    if (!this.redis.isReady) return this.fallback.take(key);
    try {
      const taken = (await within(this.run(this.prefix + key), REDIS_ANSWER_TIMEOUT_MS)) === 1;
      this.degraded = false;
      return taken;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(`Redis limit ${this.prefix}: counting in memory (${String(error)})`);
      }
      return this.fallback.take(key);
    }
  }

  private async run(key: string): Promise<unknown> {
    this.taken += 1;
    const options = { keys: [key], arguments: [...this.args, `${this.origin}:${this.taken}`] };
    try {
      return await this.redis.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(this.script, options);
    }
  }
}

/** A `rate-limiter-flexible` limiter (see `createRateLimiter`) taken one point at a time. */
export function takingFrom(limiter: RateLimiterAbstract): Limiter {
  return { take: async (key) => (await consumeOne(limiter, key)).allowed };
}

/** Counted in memory for one process, or in Redis when several share it. */
export function createLimiter(rule: LimitRule, redis: RedisClient | null, prefix: string): Limiter {
  if (redis) return new RedisLimiter(redis, prefix, rule);
  const local = inMemory(rule);
  return { take: (key) => Promise.resolve(local.take(key)) };
}

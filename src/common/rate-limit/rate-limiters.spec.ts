import { randomUUID } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { createRedisClient, type RedisClient } from '../redis/redis.module';
import { consumeOne, createRateLimiter, REDIS_ANSWER_TIMEOUT_MS } from './rate-limiters';

/** A connected Redis whose every command fails, or never answers. */
function brokenRedis(answer: () => Promise<never>): RedisClient {
  const multi = { get: () => multi, pTTL: () => multi, exec: answer };
  return { isReady: true, eval: answer, multi: () => multi, del: answer } as unknown as RedisClient;
}
const failing = () => Promise.reject(new Error('Connection is closed'));
const stalled = () => new Promise<never>(() => undefined);

/** The limiter's answer, once any Redis wait has run out (timers are fake). */
async function answered<T>(operation: Promise<T>): Promise<T> {
  const settled = operation.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await jest.advanceTimersByTimeAsync(REDIS_ANSWER_TIMEOUT_MS);
  const outcome = await settled;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** Consumes `n` points one after the other: whether each was allowed. */
async function consumes(sut: RateLimiterAbstract, key: string, n: number): Promise<boolean[]> {
  const allowed: boolean[] = [];
  for (let i = 0; i < n; i += 1) {
    allowed.push((await answered(consumeOne(sut, key))).allowed);
  }
  return allowed;
}

describe(createRateLimiter.name, () => {
  const rule = { keyPrefix: 'test', points: 2, durationMs: 60_000 };

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts in memory without Redis, and starts a fresh window after `durationMs`', async () => {
    const sut = createRateLimiter(rule, null);
    expect(await consumes(sut, 'k', 3)).toEqual([true, true, false]);
    expect(await consumes(sut, 'other', 1)).toEqual([true]);
    expect((await sut.get('k'))?.consumedPoints).toBe(3);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(await sut.get('k')).toBeNull();
    expect(await consumes(sut, 'k', 1)).toEqual([true]);
  });

  it.each([
    ['not connected', () => createRedisClient('redis://127.0.0.1:1')],
    ['failing every command', () => brokenRedis(failing)],
    ['not answering', () => brokenRedis(stalled)],
  ])('keeps counting in memory while Redis is %s', async (_case, redis) => {
    const sut = createRateLimiter(rule, redis());
    expect(await consumes(sut, 'login', 3)).toEqual([true, true, false]);
    await answered(sut.penalty('lock'));
    expect((await answered(sut.get('lock')))?.consumedPoints).toBe(1);
    await answered(sut.delete('lock'));
    expect(await answered(sut.get('lock'))).toBeNull();
  });
});

/* Against a real Redis: CI's second run, and any run with `REDIS_URL` set. */
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  describe(`${createRateLimiter.name} on Redis`, () => {
    let redis: RedisClient;
    let keyPrefix: string;

    beforeAll(async () => {
      redis = createRedisClient(redisUrl);
      await redis.connect();
    });
    beforeEach(() => {
      keyPrefix = `test-rate-limiters-${randomUUID().slice(0, 8)}`;
    });
    afterAll(async () => {
      await redis.quit();
    });

    const allowed = async (sut: RateLimiterAbstract, key: string) =>
      (await consumeOne(sut, key)).allowed;

    it('shares one count between processes, in a window that starts at the first point', async () => {
      const one = createRateLimiter({ keyPrefix, points: 3, durationMs: 60_000 }, redis);
      const two = createRateLimiter({ keyPrefix, points: 3, durationMs: 60_000 }, redis);
      const answers = [];
      for (let i = 0; i < 3; i += 1)
        answers.push(await allowed(one, 'ip'), await allowed(two, 'ip'));
      expect(answers).toEqual([true, true, true, false, false, false]);
      expect(await redis.get(`${keyPrefix}:ip`)).toBe('6');
      const ttl = await redis.pTTL(`${keyPrefix}:ip`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await allowed(two, 'other')).toBe(true);
      await one.delete('ip');
      expect(await redis.exists(`${keyPrefix}:ip`)).toBe(0);
    });

    it('counts in memory when a command fails, instead of failing the request', async () => {
      await redis.set(`${keyPrefix}:broken`, 'not a count');
      const sut = createRateLimiter({ keyPrefix, points: 2, durationMs: 60_000 }, redis);
      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push(await allowed(sut, 'broken'));
      expect(answers).toEqual([true, true, false]);
      expect(await redis.get(`${keyPrefix}:broken`)).toBe('not a count');
      await redis.del(`${keyPrefix}:broken`);
    });
  });
}

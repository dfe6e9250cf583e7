import type { RedisClient } from '../redis/redis.module';
import { MemoryRateLimitStore, RedisRateLimitStore } from './rate-limit.store';

/** A Redis client that is down: not ready, or failing every command. */
function downRedis(isReady: boolean): RedisClient {
  const failing = {
    incr: () => failing,
    pExpire: () => failing,
    pTTL: () => failing,
    get: () => failing,
    exec: () => Promise.reject(new Error('Connection is closed')),
  };
  return {
    isReady,
    multi: () => failing,
    del: () => Promise.reject(new Error('Connection is closed')),
  } as unknown as RedisClient;
}

describe(MemoryRateLimitStore.name, () => {
  it('counts hits in a window and starts over after it', async () => {
    const sut = new MemoryRateLimitStore();
    expect((await sut.hit('k', 50)).count).toBe(1);
    expect((await sut.hit('k', 50)).count).toBe(2);
    expect((await sut.peek('k')).count).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await sut.peek('k')).count).toBe(0);
    expect((await sut.hit('k', 50)).count).toBe(1);
    await sut.reset('k');
    expect((await sut.peek('k')).count).toBe(0);
    sut.close();
  });
});

describe(RedisRateLimitStore.name, () => {
  it.each([
    ['not connected', false],
    ['failing commands', true],
  ])('keeps counting in memory while Redis is %s', async (_case, isReady) => {
    const sut = new RedisRateLimitStore(downRedis(isReady), 'test:');
    expect((await sut.hit('login', 60_000)).count).toBe(1);
    expect((await sut.hit('login', 60_000)).count).toBe(2);
    expect((await sut.peek('login')).count).toBe(2);
    await sut.reset('login');
    expect((await sut.peek('login')).count).toBe(0);
    sut.close();
  });
});

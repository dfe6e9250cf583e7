import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createRedisClient, type RedisClient } from '../../common/redis/redis.module';
import { createLimiter, RedisLimiter, type LimitRule } from './limiters';

const bucket = (capacity: number, perSecond: number): LimitRule => ({
  kind: 'bucket',
  capacity,
  perSecond,
});
const window = (limit: number, windowMs: number): LimitRule => ({
  kind: 'window',
  limit,
  windowMs,
});

async function takes(limiter: { take(key: string): Promise<boolean> }, key: string, n: number) {
  const answers: boolean[] = [];
  for (let i = 0; i < n; i += 1) answers.push(await limiter.take(key));
  return answers;
}

describe(createLimiter.name, () => {
  it('counts in memory without Redis: a bucket and a window', async () => {
    expect(await takes(createLimiter(bucket(2, 1), null, 'p:'), 'a', 3)).toEqual([
      true,
      true,
      false,
    ]);
    const sut = createLimiter(window(1, 60_000), null, 'p:');
    expect(await takes(sut, 'a', 2)).toEqual([true, false]);
    expect(await sut.take('b')).toBe(true);
  });
});

/**
 * A Redis that completes the client's handshake, then never answers a script: a server
 * that stalled, or a network that drops packets without closing the connection.
 */
async function stalledRedis(): Promise<{ url: string; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data) => {
      for (const command of data.toString().split('*').filter(Boolean)) {
        if (!/\r\nEVAL/i.test(command)) socket.write('+OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `redis://127.0.0.1:${port}`, server, sockets };
}

describe(RedisLimiter.name, () => {
  it('counts in memory while Redis is not connected, instead of failing', async () => {
    const offline = createRedisClient('redis://127.0.0.1:1');
    const sut = new RedisLimiter(offline, 'p:', bucket(2, 1));
    expect(await takes(sut, 'a', 3)).toEqual([true, true, false]);
  });

  it('counts in memory when Redis stops answering, instead of holding the event', async () => {
    const stalled = await stalledRedis();
    const redis = createRedisClient(stalled.url);
    redis.on('error', () => undefined);
    await redis.connect();
    try {
      expect(redis.isReady).toBe(true);
      const sut = new RedisLimiter(redis, 'p:', window(1, 60_000));
      expect(await takes(sut, 'a', 2)).toEqual([true, false]);
    } finally {
      redis.destroy();
      for (const socket of stalled.sockets) socket.destroy();
      await new Promise((resolve) => stalled.server.close(resolve));
    }
  });
});

/* Against a real Redis: CI's second run, and any run with `REDIS_URL` set. */
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  describe(`${RedisLimiter.name} on Redis`, () => {
    let redis: RedisClient;
    let prefix: string;

    beforeAll(async () => {
      redis = createRedisClient(redisUrl);
      await redis.connect();
    });
    beforeEach(() => {
      prefix = `test-limiters-${randomUUID().slice(0, 8)}:`;
    });
    afterAll(async () => {
      await redis.quit();
    });

    it('shares one bucket between processes: the burst is not multiplied', async () => {
      const one = new RedisLimiter(redis, prefix, bucket(3, 1));
      const two = new RedisLimiter(redis, prefix, bucket(3, 1));
      const answers = [];
      for (let i = 0; i < 4; i += 1) {
        answers.push(await one.take('member'), await two.take('member'));
      }
      expect(answers.filter(Boolean)).toHaveLength(3);
      expect(answers.slice(0, 3)).toEqual([true, true, true]);
      // Other keys have buckets of their own.
      expect(await two.take('other')).toBe(true);
    });

    it('refills a bucket at its rate, and lets it expire once it would be full', async () => {
      const sut = new RedisLimiter(redis, prefix, bucket(2, 1));
      expect(await takes(sut, 'm', 3)).toEqual([true, true, false]);
      const ttl = await redis.pTTL(`${prefix}m`);
      expect(ttl).toBeGreaterThan(1_000);
      expect(ttl).toBeLessThanOrEqual(2_000);
      // As if one second had passed: one token (at 1 per second) comes back, one only.
      const at = Number(await redis.hGet(`${prefix}m`, 'at'));
      await redis.hSet(`${prefix}m`, 'at', String(at - 1_000));
      expect(await takes(sut, 'm', 2)).toEqual([true, false]);
    });

    it('shares a sliding window between processes, and a take leaves it `windowMs` later', async () => {
      const one = new RedisLimiter(redis, prefix, window(2, 10_000));
      const two = new RedisLimiter(redis, prefix, window(2, 10_000));
      expect([await one.take('m'), await two.take('m'), await one.take('m')]).toEqual([
        true,
        true,
        false,
      ]);
      expect(await redis.zCard(`${prefix}m`)).toBe(2);
      const ttl = await redis.pTTL(`${prefix}m`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(10_000);
      // As if the first take had been made 10 s ago: one place frees up, one only.
      const [first] = await redis.zRange(`${prefix}m`, 0, 0);
      await redis.zIncrBy(`${prefix}m`, -10_000, first);
      expect([await two.take('m'), await one.take('m')]).toEqual([true, false]);
    });

    it('counts in memory when a command fails, instead of failing the event', async () => {
      await redis.set(`${prefix}broken`, 'not a bucket');
      const sut = new RedisLimiter(redis, prefix, bucket(2, 1));
      expect(await takes(sut, 'broken', 3)).toEqual([true, true, false]);
      expect(await redis.get(`${prefix}broken`)).toBe('not a bucket');
      await redis.del(`${prefix}broken`);
    });
  });
}

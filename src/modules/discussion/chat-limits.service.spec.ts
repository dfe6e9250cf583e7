import { randomUUID } from 'node:crypto';
import { createRedisClient, type RedisClient } from '../../common/redis/redis.module';
import { AppConfigService } from '../../config/app-config.service';
import { validateEnvironment } from '../../config/env.schema';
import { ChatLimits, TYPING_INTERVAL_MS } from './chat-limits.service';

const limitsOn = (redis: RedisClient | null, prefix = 'test:') =>
  new ChatLimits(new AppConfigService(validateEnvironment({ REDIS_KEY_PREFIX: prefix })), redis);

describe(ChatLimits.name, () => {
  describe('typing, in memory', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('lets one through per member and room every TYPING_INTERVAL_MS; refusals do not push it back', async () => {
      const sut = limitsOn(null);
      expect(await sut.typing.take('m:r1')).toBe(true);
      expect(await sut.typing.take('m:r2')).toBe(true);
      jest.advanceTimersByTime(TYPING_INTERVAL_MS - 500);
      expect(await sut.typing.take('m:r1')).toBe(false);
      jest.advanceTimersByTime(499);
      expect(await sut.typing.take('m:r1')).toBe(false);
      jest.advanceTimersByTime(1);
      expect(await sut.typing.take('m:r1')).toBe(true);
      expect(await sut.typing.take('m:r1')).toBe(false);
    });
  });

  /* Against a real Redis: CI's second run, and any run with `REDIS_URL` set. */
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    describe('typing, on Redis', () => {
      let redis: RedisClient;

      beforeAll(async () => {
        redis = createRedisClient(redisUrl);
        await redis.connect();
      });
      afterAll(async () => {
        await redis.quit();
      });

      it('is shared by every process, for TYPING_INTERVAL_MS', async () => {
        const prefix = `test-chat-${randomUUID().slice(0, 8)}:`;
        const [one, two] = [limitsOn(redis, prefix), limitsOn(redis, prefix)];
        expect(await one.typing.take('m:r')).toBe(true);
        expect(await two.typing.take('m:r')).toBe(false);
        expect(await one.typing.take('m:r')).toBe(false);
        expect(await two.typing.take('m:other')).toBe(true);
        const ttl = await redis.pTTL(`${prefix}chat:typing:m:r`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(TYPING_INTERVAL_MS);
      });
    });
  }
});

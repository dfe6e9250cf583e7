import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfigService } from '../../config/app-config.service';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';
import type { AuthenticatedRequest } from '../auth/decorators';
import { RATE_LIMIT_NAMES, RATE_LIMITS } from './rate-limit.decorator';
import { countsAgainst, trackerOf } from './rate-limit.guard';
import {
  MemoryRateLimitStore,
  RATE_LIMIT_STORE,
  RedisRateLimitStore,
  type RateLimitStore,
} from './rate-limit.store';
import { ThrottlerStorageAdapter } from './throttler-storage.adapter';
import type { ExecutionContext } from '@nestjs/common';

const MINUTE_MS = 60_000;

class StoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof MemoryRateLimitStore || this.store instanceof RedisRateLimitStore) {
      this.store.close();
    }
  }
}

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService, RATE_LIMIT_STORE],
      useFactory: (config: AppConfigService, store: RateLimitStore) => ({
        throttlers: RATE_LIMIT_NAMES.map((name) => ({
          name,
          ttl: MINUTE_MS,
          limit: config.get(RATE_LIMITS[name].setting),
          skipIf: (context: ExecutionContext) => !countsAgainst(context, name),
          getTracker: (request: Record<string, unknown>) =>
            trackerOf(request as unknown as AuthenticatedRequest, RATE_LIMITS[name].key),
        })),
        storage: new ThrottlerStorageAdapter(store),
        setHeaders: false,
      }),
    }),
  ],
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [AppConfigService, REDIS_CLIENT],
      useFactory: (config: AppConfigService, redis: RedisClient | null): RateLimitStore =>
        redis
          ? new RedisRateLimitStore(redis, `${config.get('REDIS_KEY_PREFIX')}rl:`)
          : new MemoryRateLimitStore(),
    },
    StoreShutdown,
  ],
  exports: [RATE_LIMIT_STORE, ThrottlerModule],
})
export class RateLimitModule {}

import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfigService } from '../../config/app-config.service';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';
import { RATE_LIMIT_KEY, type RateLimitName } from './rate-limit.decorator';
import {
  MemoryRateLimitStore,
  RATE_LIMIT_STORE,
  RedisRateLimitStore,
  type RateLimitStore,
} from './rate-limit.store';
import { ThrottlerStorageAdapter } from './throttler-storage.adapter';
import type { ExecutionContext } from '@nestjs/common';

const MINUTE_MS = 60_000;

function limitOf(context: ExecutionContext): RateLimitName | undefined {
  return (Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) ??
    Reflect.getMetadata(RATE_LIMIT_KEY, context.getClass())) as RateLimitName | undefined;
}

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
        throttlers: [
          {
            name: 'auth',
            ttl: MINUTE_MS,
            limit: config.get('RATE_LIMIT_AUTH_PER_MINUTE'),
            skipIf: (context) => limitOf(context) !== 'auth',
          },
          {
            name: 'write',
            ttl: MINUTE_MS,
            limit: config.get('RATE_LIMIT_WRITE_PER_MINUTE'),
            skipIf: (context) => limitOf(context) !== 'write',
          },
        ],
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

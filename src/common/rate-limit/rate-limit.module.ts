import { Global, Module, type ExecutionContext } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfigService } from '../../config/app-config.service';
import type { AuthenticatedRequest } from '../auth/decorators';
import { RATE_LIMIT_NAMES, RATE_LIMITS } from './rate-limit.decorator';
import { countsAgainst, trackerOf } from './rate-limit.guard';
import { RateLimiters } from './rate-limiters';
import { ThrottlerStorageAdapter } from './throttler-storage.adapter';

const MINUTE_MS = 60_000;

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService, RateLimiters],
      useFactory: (config: AppConfigService, limiters: RateLimiters) => ({
        throttlers: RATE_LIMIT_NAMES.map((name) => ({
          name,
          ttl: MINUTE_MS,
          limit: config.get(RATE_LIMITS[name].setting),
          skipIf: (context: ExecutionContext) => !countsAgainst(context, name),
          getTracker: (request: Record<string, unknown>) =>
            trackerOf(request as unknown as AuthenticatedRequest, RATE_LIMITS[name].key),
        })),
        storage: new ThrottlerStorageAdapter(limiters),
        setHeaders: false,
      }),
    }),
  ],
  providers: [RateLimiters],
  exports: [RateLimiters, ThrottlerModule],
})
export class RateLimitModule {}

import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, type RedisClient } from '../../common/redis/redis.module';
import { AppConfigService } from '../../config/app-config.service';
import { createRateLimiter } from '../../common/rate-limit/rate-limiters';
import { createLimiter, takingFrom, type Limiter } from './limiters';

/** `room:join` at most this many times per member in `JOIN_WINDOW_MS` (the API contract, Limits). */
export const JOINS_PER_WINDOW = 30;
export const JOIN_WINDOW_MS = 10_000;
/** `post:watch` at most this many times per member in `JOIN_WINDOW_MS`, as `room:join`. */
export const WATCHES_PER_WINDOW = JOINS_PER_WINDOW;
/** At most one `typing` broadcast per member and room in this many milliseconds. */
export const TYPING_INTERVAL_MS = 2_000;

/**
 * The socket events' limits, across all of a member's sockets and, with `REDIS_URL`, all
 * server processes (in this process's memory without Redis, or while it is unreachable).
 */
@Injectable()
export class ChatLimits {
  /** Chat messages per member: `CHAT_BURST`, then `CHAT_PER_SECOND`. */
  readonly messages: Limiter;
  /** `room:join` per member. */
  readonly joins: Limiter;
  /** `post:watch` per member. */
  readonly watches: Limiter;
  /**
   * `typing` broadcasts, keyed by member and room: `rate-limiter-flexible`'s fixed window,
   * which opens at the accepted take and which refusals do not extend: for a limit of one,
   * the same as a sliding window.
   */
  readonly typing: Limiter;

  constructor(config: AppConfigService, @Inject(REDIS_CLIENT) redis: RedisClient | null) {
    const prefix = `${config.get('REDIS_KEY_PREFIX')}chat:`;
    this.messages = createLimiter(
      {
        kind: 'bucket',
        capacity: config.get('CHAT_BURST'),
        perSecond: config.get('CHAT_PER_SECOND'),
      },
      redis,
      `${prefix}messages:`,
    );
    this.joins = createLimiter(
      { kind: 'window', limit: JOINS_PER_WINDOW, windowMs: JOIN_WINDOW_MS },
      redis,
      `${prefix}joins:`,
    );
    this.watches = createLimiter(
      { kind: 'window', limit: WATCHES_PER_WINDOW, windowMs: JOIN_WINDOW_MS },
      redis,
      `${prefix}watches:`,
    );
    this.typing = takingFrom(
      createRateLimiter(
        { keyPrefix: `${prefix}typing`, points: 1, durationMs: TYPING_INTERVAL_MS },
        redis,
      ),
    );
  }
}

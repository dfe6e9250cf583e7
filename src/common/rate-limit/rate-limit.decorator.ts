import { SetMetadata } from '@nestjs/common';

/** `auth`: register, login, refresh, per client IP. `write`: member writes, per member. */
export type RateLimitName = 'auth' | 'write';

export const RATE_LIMIT_KEY = 'rateLimit';

/** Counts the route against one of SPEC.md's limits; routes without it are not limited. */
export const RateLimit = (name: RateLimitName): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_KEY, name);

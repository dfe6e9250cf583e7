import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../errors/domain-error';
import type { AuthenticatedRequest } from '../auth/decorators';
import {
  RATE_LIMIT_KEY,
  type RateLimitKey,
  type RateLimitName,
  type RateLimitRule,
} from './rate-limit.decorator';

/** Whether this request counts against the named limit (see `@RateLimit`). */
export function countsAgainst(context: ExecutionContext, name: RateLimitName): boolean {
  const rule = (Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) ??
    Reflect.getMetadata(RATE_LIMIT_KEY, context.getClass())) as RateLimitRule | undefined;
  if (rule?.name !== name) return false;
  if (rule.withQuery === undefined) return true;
  const { query } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return query[rule.withQuery] !== undefined;
}

/**
 * Who a limit's counter belongs to: the client IP (`X-Forwarded-For` only counts with
 * `TRUST_PROXY`), or for a `caller` limit the member when signed in.
 */
export function trackerOf(request: AuthenticatedRequest, key: RateLimitKey): string {
  return key === 'caller' && request.user ? `member:${request.user.id}` : `ip:${request.ip}`;
}

/**
 * The API contract's request limits through `@nestjs/throttler` (configured in `RateLimitModule`).
 * One counter per limit and key across every route of that limit, not one per route.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    return super.canActivate(context);
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `throttle:${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}

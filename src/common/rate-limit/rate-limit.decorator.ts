import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../../config/env.schema';

/** Whose requests one counter holds: the client IP, or the member when signed in (else the IP). */
export type RateLimitKey = 'ip' | 'caller';

/**
 * The API contract's request limits. Each is one counter per key across every route that carries it.
 * `auth` (register, login) keys on the IP whatever token is sent: otherwise every account
 * brings a fresh bucket. `refresh` has its own, higher per-IP limit (each page load
 * refreshes, and an office shares one IP).
 */
export const RATE_LIMITS = {
  auth: { setting: 'RATE_LIMIT_AUTH_PER_MINUTE', key: 'ip' },
  refresh: { setting: 'RATE_LIMIT_REFRESH_PER_MINUTE', key: 'ip' },
  search: { setting: 'RATE_LIMIT_SEARCH_PER_MINUTE', key: 'caller' },
  write: { setting: 'RATE_LIMIT_WRITE_PER_MINUTE', key: 'caller' },
  suggest: { setting: 'RATE_LIMIT_SUGGEST_PER_MINUTE', key: 'caller' },
} as const satisfies Record<string, { setting: keyof AppConfig; key: RateLimitKey }>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export const RATE_LIMIT_NAMES = Object.keys(RATE_LIMITS) as RateLimitName[];

export interface RateLimitRule {
  name: RateLimitName;
  /** Counts only the requests that carry this query parameter (a list is free, a search not). */
  withQuery?: string;
}

export const RATE_LIMIT_KEY = 'rateLimit';

/** Counts the route against one of the API contract's limits; routes without it are not limited. */
export const RateLimit = (
  name: RateLimitName,
  options: Omit<RateLimitRule, 'name'> = {},
): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT_KEY, { name, ...options });

/**
 * A search: counted against `search` (RATE_LIMIT_SEARCH_PER_MINUTE). With `queryParam`,
 * only the requests that carry it count (`GET /api/posts` counts with `q` only).
 */
export const SearchRateLimit = (queryParam?: string): MethodDecorator & ClassDecorator =>
  RateLimit('search', queryParam ? { withQuery: queryParam } : {});

import { randomBytes } from 'node:crypto';
import { hashToken } from './sessions.service';

/** A mailed link's token and the SHA-256 hash that is stored in its place. */
export interface OneTimeToken {
  token: string;
  tokenHash: string;
}

/** 256 random bits, URL-safe: the token of a password reset, verification or email change link. */
export function newOneTimeToken(): OneTimeToken {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** The moment a token made at `now` stops working. */
export function expiryAfter(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * 60_000);
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JWT_SECRET } from '../auth/jwt-secret.provider';
import { isUnsubscribeTarget, type UnsubscribeTarget } from './email-preferences';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface UnsubscribeClaim {
  memberId: string;
  target: UnsubscribeTarget;
}

/**
 * One-click unsubscribe tokens: `<memberId>.<kind>.<signature>`, the signature an HMAC-SHA256
 * of the first two parts under a key derived from the JWT secret (so a token made for one
 * purpose never passes for the other). They do not expire: a mail's link keeps working.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(@Inject(JWT_SECRET) secret: string) {
    this.key = createHmac('sha256', secret).update('laogao-circle email unsubscribe v1').digest();
  }

  sign(memberId: string, target: UnsubscribeTarget): string {
    return `${memberId}.${target}.${this.signature(`${memberId}.${target}`)}`;
  }

  /** The member and kind a token names, or `null` for anything this server did not sign. */
  verify(token: string): UnsubscribeClaim | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [memberId, target, signature] = parts;
    if (!UUID.test(memberId) || !isUnsubscribeTarget(target)) return null;
    const expected = Buffer.from(this.signature(`${memberId}.${target}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { memberId, target };
  }

  private signature(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

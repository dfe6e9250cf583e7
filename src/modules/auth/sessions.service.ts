import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { TtlCache } from '../../common/cache/ttl-cache';
import { UnauthenticatedError } from '../../common/errors/domain-error';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import { AppConfigService } from '../../config/app-config.service';
import { TokenReusedError } from './auth.errors';
import { RefreshToken } from './refresh-token.entity';
import { AuthSession } from './session.entity';

const CACHE_TTL_MS = 30_000;
const DAY_MS = 86_400_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Rotation {
  memberId: string;
  sessionId: string;
  refreshToken: string;
}

/**
 * Sessions and their refresh-token families. A refresh token is used once: using it
 * again (a stolen copy, or the real owner after a thief) ends the whole session.
 */
@Injectable()
export class SessionsService {
  /** sessionId → memberId, for sessions known to be live. */
  private readonly live = new TtlCache<string, string>(CACHE_TTL_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
    private readonly events: DomainEventBus,
  ) {}

  /** Opens a session and returns its first refresh token. */
  async open(memberId: string, em: EntityManager = this.dataSource.manager): Promise<Rotation> {
    const session = await em.save(em.create(AuthSession, { memberId }));
    const refreshToken = await this.issueRefreshToken(em, session.id);
    return { memberId, sessionId: session.id, refreshToken };
  }

  /** Trades a refresh token for a new one in the same session. */
  async rotate(refreshToken: string): Promise<Rotation> {
    const outcome = await this.dataSource.transaction(async (em) => {
      const token = await em.findOne(RefreshToken, {
        where: { tokenHash: hashToken(refreshToken) },
        relations: { session: true },
      });
      const session = token?.session;
      if (!token || !session || session.revokedAt || token.expiresAt <= new Date()) {
        return { kind: 'invalid' as const };
      }
      const used = await em.update(
        RefreshToken,
        { id: token.id, usedAt: IsNull() },
        { usedAt: () => 'now()' },
      );
      if (!used.affected) {
        await this.revokeInTransaction(em, { id: session.id }, 'token_reused');
        return { kind: 'reused' as const, memberId: session.memberId, sessionId: session.id };
      }
      return {
        kind: 'rotated' as const,
        rotation: {
          memberId: session.memberId,
          sessionId: session.id,
          refreshToken: await this.issueRefreshToken(em, session.id),
        },
      };
    });
    switch (outcome.kind) {
      case 'invalid':
        throw new UnauthenticatedError('The refresh token is not valid');
      case 'reused':
        await this.ended(outcome.memberId, outcome.sessionId);
        throw new TokenReusedError();
      case 'rotated':
        return outcome.rotation;
    }
  }

  /** Ends the session a refresh token belongs to, if it is the member's. */
  async revokeByRefreshToken(memberId: string, refreshToken: string): Promise<void> {
    const token = await this.dataSource.manager.findOne(RefreshToken, {
      where: { tokenHash: hashToken(refreshToken) },
      relations: { session: true },
    });
    if (!token?.session || token.session.memberId !== memberId) return;
    await this.revokeInTransaction(this.dataSource.manager, { id: token.sessionId }, 'logout');
    await this.ended(memberId, token.sessionId);
  }

  /** Ends the member's sessions, all of them or all but one. */
  async revokeAll(
    memberId: string,
    reason: string,
    options: { except?: string; em?: EntityManager } = {},
  ): Promise<void> {
    const em = options.em ?? this.dataSource.manager;
    await this.revokeInTransaction(
      em,
      options.except ? { memberId, id: Not(options.except) } : { memberId },
      reason,
    );
    if (!options.em) await this.announceRevokedAll(memberId, options.except);
  }

  /** For callers that revoked inside their own transaction: announce once it committed. */
  async announceRevokedAll(memberId: string, except?: string): Promise<void> {
    this.live.deleteWhere((owner, sessionId) => owner === memberId && sessionId !== except);
    await this.events.emitShared('session.revoked', {
      memberId,
      sessionId: null,
      exceptSessionId: except,
    });
  }

  /** Whether a session is live and the member's: read per request, cached. */
  async isLive(memberId: string, sessionId: string): Promise<boolean> {
    if (this.live.get(sessionId) === memberId) return true;
    const session = await this.dataSource.manager.findOneBy(AuthSession, {
      id: sessionId,
      memberId,
      revokedAt: IsNull(),
    });
    if (session) this.live.set(sessionId, memberId);
    return session !== null;
  }

  @OnEvent('session.revoked')
  forget({ memberId, sessionId, exceptSessionId }: DomainEvents['session.revoked']): void {
    if (sessionId) this.live.delete(sessionId);
    else this.live.deleteWhere((owner, id) => owner === memberId && id !== exceptSessionId);
  }

  /** Every process drops the session before the caller answers (`emitShared`). */
  private async ended(memberId: string, sessionId: string): Promise<void> {
    this.live.delete(sessionId);
    await this.events.emitShared('session.revoked', { memberId, sessionId });
  }

  private async revokeInTransaction(
    em: EntityManager,
    where: { id?: string | ReturnType<typeof Not<string>>; memberId?: string },
    reason: string,
  ): Promise<void> {
    await em.update(
      AuthSession,
      { ...where, revokedAt: IsNull() },
      { revokedAt: () => 'now()', revokedReason: reason },
    );
  }

  private async issueRefreshToken(em: EntityManager, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await em.insert(RefreshToken, {
      sessionId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + this.config.get('REFRESH_TOKEN_TTL_DAYS') * DAY_MS),
    });
    return token;
  }
}

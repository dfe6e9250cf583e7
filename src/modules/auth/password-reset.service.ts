import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { FALLBACK_LANGUAGE } from '../../common/i18n/language';
import { MailOutbox } from '../mail/mail-outbox';
import { MailTemplates } from '../mail/mail-templates';
import { MembersService } from '../members/members.service';
import { TokenInvalidError } from './auth.errors';
import { expiryAfter, newOneTimeToken } from './one-time-token';
import { PasswordResetToken } from './password-reset-token.entity';
import { PasswordService } from './password.service';
import { hashToken, SessionsService } from './sessions.service';

/** How long a reset link works. */
export const PASSWORD_RESET_MINUTES = 30;

/**
 * Password reset by mail. A request answers the same whether the address is a member's or
 * not, after the same work (a token made and hashed, a transaction); only a member's gets a
 * token row and a mail, stored together. Confirming uses the token once, sets the password,
 * ends every session, and so (the lockout being keyed by the password hash too) clears the
 * login lockout of that email. Suspended members may reset: it changes no content.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly members: MembersService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly outbox: MailOutbox,
    private readonly templates: MailTemplates,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async request(email: string): Promise<void> {
    const { token, tokenHash } = newOneTimeToken();
    const member = await this.members.findByEmail(email);
    const now = this.clock.now();
    const rendered = this.templates.passwordReset(member?.locale ?? FALLBACK_LANGUAGE, {
      displayName: member?.displayName ?? '',
      token,
      minutes: PASSWORD_RESET_MINUTES,
    });
    const sent = await this.dataSource.transaction(async (em) => {
      if (!member?.email || member.erasedAt) {
        // An unknown address: the same round trips, nothing stored.
        await em.query('SELECT 1');
        return false;
      }
      await em.insert(PasswordResetToken, {
        memberId: member.id,
        tokenHash,
        expiresAt: expiryAfter(now, PASSWORD_RESET_MINUTES),
        usedAt: null,
      });
      await this.outbox.enqueue(em, {
        kind: 'password_reset',
        to: member.email,
        memberId: member.id,
        ...rendered,
      });
      return true;
    });
    if (sent) this.outbox.wake();
  }

  async confirm(token: string, newPassword: string): Promise<void> {
    const tokenHash = hashToken(token);
    const passwordHash = await this.passwords.hash(newPassword);
    const memberId = await this.dataSource.transaction(async (em) => {
      const used = await this.use(em, tokenHash);
      if (!used) throw new TokenInvalidError();
      await this.members.updatePasswordHash(used, passwordHash, em);
      // The API contract: confirming a reset also verifies the address (the mail reached it).
      await this.members.markEmailVerified(used, this.clock.now(), em);
      await this.sessions.revokeAll(used, 'password_reset', { em });
      return used;
    });
    await this.members.changed(memberId);
    await this.sessions.announceRevokedAll(memberId);
  }

  /** Marks the token used if it is unused and unexpired; answers its member (one statement). */
  private async use(em: EntityManager, tokenHash: string): Promise<string | null> {
    const now = this.clock.now();
    const result = await em
      .createQueryBuilder()
      .update(PasswordResetToken)
      .set({ usedAt: now })
      .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now', {
        tokenHash,
        now,
      })
      // Erasure deletes the tokens as well; this keeps an erased account closed regardless.
      .andWhere('member_id IN (SELECT id FROM members WHERE erased_at IS NULL)')
      .returning(['memberId'])
      .execute();
    const rows = result.raw as { member_id: string }[];
    return rows[0]?.member_id ?? null;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { RateLimitedError } from '../../common/errors/domain-error';
import { MailOutbox } from '../mail/mail-outbox';
import { MailTemplates } from '../mail/mail-templates';
import { Member } from '../members/member.entity';
import type { MemberRecord } from '../members/member.record';
import { EmailTakenError } from '../members/members.errors';
import { MembersService } from '../members/members.service';
import { TokenInvalidError } from './auth.errors';
import { EmailToken, type EmailTokenPurpose } from './email-token.entity';
import { expiryAfter, newOneTimeToken } from './one-time-token';
import { PasswordResetToken } from './password-reset-token.entity';
import { hashToken } from './sessions.service';

/** How long a verification link works. */
export const EMAIL_VERIFICATION_HOURS = 48;
/** How long the link of an email change works. */
export const EMAIL_CHANGE_HOURS = 24;
/** At most one verification mail on request per member in this time. */
export const VERIFICATION_RESEND_INTERVAL_MS = 60_000;

/** The member a link is mailed to, as `MembersService` answers them. */
type Addressee = Pick<MemberRecord, 'id' | 'email' | 'displayName' | 'locale'>;

/**
 * Proving an address: the verification link mailed at registration and on request, and the
 * link that completes an email change (`EmailChangeService` mails it). Both are single-use
 * tokens in `email_tokens`, stored hashed, used by `POST /api/auth/verify-email`.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly members: MembersService,
    private readonly outbox: MailOutbox,
    private readonly templates: MailTemplates,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Stores a verification token and its mail in the caller's transaction (registration);
   * the caller wakes the outbox once it committed.
   */
  async mailVerification(em: EntityManager, member: Addressee): Promise<void> {
    if (!member.email) return;
    const { token, tokenHash } = newOneTimeToken();
    await this.storeToken(
      em,
      member.id,
      'verify',
      member.email,
      tokenHash,
      EMAIL_VERIFICATION_HOURS,
    );
    await this.outbox.enqueue(em, {
      kind: 'email_verification',
      to: member.email,
      memberId: member.id,
      ...this.templates.emailVerification(member.locale, {
        displayName: member.displayName,
        token,
        hours: EMAIL_VERIFICATION_HOURS,
      }),
    });
  }

  /**
   * A new verification mail, at most once a minute per member (`429` with the seconds left):
   * one conditional UPDATE of `members.verification_resent_at` decides, so two processes
   * never both send. An address already verified gets nothing (still `204`).
   */
  async resend(memberId: string): Promise<void> {
    const now = this.clock.now();
    const earliest = new Date(now.getTime() - VERIFICATION_RESEND_INTERVAL_MS);
    const sent = await this.dataSource.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Member)
        .set({ verificationResentAt: now })
        .where('id = :memberId AND erased_at IS NULL AND email_verified_at IS NULL', { memberId })
        .andWhere('(verification_resent_at IS NULL OR verification_resent_at <= :earliest)', {
          earliest,
        })
        .returning(['id', 'email', 'displayName', 'locale'])
        .execute();
      const [row] = result.raw as {
        id: string;
        email: string | null;
        display_name: string;
        locale: MemberRecord['locale'];
      }[];
      if (!row) return this.refuseResend(em, memberId, now);
      await this.mailVerification(em, {
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        locale: row.locale,
      });
      return true;
    });
    if (sent) this.outbox.wake();
  }

  /** Why no mail was sent: verified already (nothing to do), or too soon (`429`). */
  private async refuseResend(em: EntityManager, memberId: string, now: Date): Promise<false> {
    const member = await em.findOne(Member, {
      select: { id: true, emailVerifiedAt: true, verificationResentAt: true },
      where: { id: memberId, erasedAt: IsNull() },
    });
    const last = member?.emailVerifiedAt ? null : member?.verificationResentAt;
    if (!last) return false;
    const waitMs = last.getTime() + VERIFICATION_RESEND_INTERVAL_MS - now.getTime();
    throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /**
   * Stores an email change's token (the new address, `EMAIL_CHANGE_HOURS`) in the caller's
   * transaction; an earlier change link of the member stops working. Answers the token.
   */
  async storeChangeToken(em: EntityManager, memberId: string, newEmail: string): Promise<string> {
    await em
      .createQueryBuilder()
      .update(EmailToken)
      .set({ usedAt: this.clock.now() })
      .where("member_id = :memberId AND purpose = 'change' AND used_at IS NULL", { memberId })
      .execute();
    const { token, tokenHash } = newOneTimeToken();
    await this.storeToken(em, memberId, 'change', newEmail, tokenHash, EMAIL_CHANGE_HOURS);
    return token;
  }

  /**
   * Uses a link's token once. A verification token verifies the address it was mailed to,
   * if that is still the member's; an email change token makes its address the member's,
   * verified (`409 EMAIL_TAKEN` if someone else took it meanwhile, the token kept), and
   * ends every other link of the member, password reset links included (they went to the
   * old address). Unknown, used, expired: `400 TOKEN_INVALID`.
   */
  async confirm(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    let memberId: string;
    try {
      memberId = await this.dataSource.transaction(async (em) => {
        const used = await this.use(em, tokenHash, now);
        if (!used) throw new TokenInvalidError();
        if (used.purpose === 'verify') {
          const result = await em
            .createQueryBuilder()
            .update(Member)
            .set({ emailVerifiedAt: () => 'COALESCE(email_verified_at, :now)' })
            .where('id = :id AND email = :email AND erased_at IS NULL', {
              id: used.memberId,
              email: used.email,
            })
            .setParameter('now', now)
            .execute();
          if (!result.affected) throw new TokenInvalidError();
        } else {
          await this.changeAddress(em, used.memberId, used.email, now);
        }
        return used.memberId;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError();
      throw error;
    }
    await this.members.changed(memberId);
  }

  private async changeAddress(
    em: EntityManager,
    memberId: string,
    email: string,
    now: Date,
  ): Promise<void> {
    const holder = await em.findOne(Member, { select: { id: true }, where: { email } });
    if (holder && holder.id !== memberId) throw new EmailTakenError();
    await em.update(Member, { id: memberId, erasedAt: IsNull() }, { email, emailVerifiedAt: now });
    await em
      .createQueryBuilder()
      .update(EmailToken)
      .set({ usedAt: now })
      .where('member_id = :memberId AND used_at IS NULL', { memberId })
      .execute();
    await em.delete(PasswordResetToken, { memberId });
  }

  /** Marks the token used if it is unused and unexpired, in one statement; answers it. */
  private async use(
    em: EntityManager,
    tokenHash: string,
    now: Date,
  ): Promise<{ memberId: string; purpose: EmailTokenPurpose; email: string } | null> {
    const result = await em
      .createQueryBuilder()
      .update(EmailToken)
      .set({ usedAt: now })
      .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now', {
        tokenHash,
        now,
      })
      .andWhere('member_id IN (SELECT id FROM members WHERE erased_at IS NULL)')
      .returning(['memberId', 'purpose', 'email'])
      .execute();
    const [row] = result.raw as { member_id: string; purpose: EmailTokenPurpose; email: string }[];
    return row ? { memberId: row.member_id, purpose: row.purpose, email: row.email } : null;
  }

  private async storeToken(
    em: EntityManager,
    memberId: string,
    purpose: EmailTokenPurpose,
    email: string,
    tokenHash: string,
    hours: number,
  ): Promise<void> {
    await em.insert(EmailToken, {
      memberId,
      purpose,
      email,
      tokenHash,
      expiresAt: expiryAfter(this.clock.now(), hours * 60),
      usedAt: null,
    });
  }
}

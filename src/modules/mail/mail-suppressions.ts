import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { NotFoundError } from '../../common/errors/domain-error';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { PageQuery } from '../../common/validation/decorators';
import { AuditLogService } from '../audit/audit-log.service';
import { MembersService, normalizeEmail } from '../members/members.service';
import { toMailSuppressionResponse, type MailSuppressionDto } from './dto/mail-suppression.dto';
import { MailSuppression } from './mail-suppression.entity';

/** A 5xx answer to `RCPT TO`, as the worker records it. */
export interface RecipientRefusal {
  address: string;
  code: number;
  reason: string;
  memberId: string | null;
  at: Date;
}

const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 's.first_refused_at', kind: 'time' },
    { sql: 's.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/**
 * Addresses the mail server refused for good (a 5xx to `RCPT TO`). The worker records them
 * and, at each claim, marks a mail to a recorded address `suppressed` without contacting the
 * server: mail is still enqueued as usual (what a member was sent stays in the outbox with
 * its outcome), but none reaches a refused address until a moderator clears it. Mail code
 * that would rather not enqueue at all asks `isSuppressed(address)` first.
 */
@Injectable()
export class MailSuppressions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly audit: AuditLogService,
  ) {}

  /** Whether mail to `address` is stopped (compared lower-cased, as members' addresses are). */
  async isSuppressed(
    address: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return em.existsBy(MailSuppression, { address: normalizeEmail(address) });
  }

  /** Records a refusal in the caller's transaction: a new row, or the latest answer on the old. */
  async record(em: EntityManager, refusal: RecipientRefusal): Promise<void> {
    await em.query(
      `INSERT INTO mail_suppressions
         (address, code, reason, member_id, first_refused_at, last_refused_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (address) DO UPDATE SET
         code = EXCLUDED.code,
         reason = EXCLUDED.reason,
         member_id = COALESCE(EXCLUDED.member_id, mail_suppressions.member_id),
         last_refused_at = GREATEST(mail_suppressions.last_refused_at, EXCLUDED.last_refused_at)`,
      [normalizeEmail(refusal.address), refusal.code, refusal.reason, refusal.memberId, refusal.at],
    );
  }

  /** For moderators: the refused addresses, the most recently refused first. */
  async list(query: PageQuery): Promise<Page<MailSuppressionDto>> {
    const page = await keysetEntityPage(
      this.dataSource.getRepository(MailSuppression).createQueryBuilder('s'),
      NEWEST_FIRST,
      query,
      (row) => row,
    );
    const names = await this.members.namesOf(page.items.map((row) => row.memberId));
    return {
      items: page.items.map((row) => toMailSuppressionResponse(row, names)),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * A moderator clears an address (the member fixed their mailbox, the server's refusal was a
   * mistake): mail goes to it again, and the audit log says who cleared which. The address is
   * not written into the log, which outlives an account's erasure; the member it was for is.
   */
  async clear(moderator: AuthMember, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const row = await em.findOne(MailSuppression, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFoundError('Mail suppression');
      await em.delete(MailSuppression, { id });
      await this.audit.record(em, {
        actorId: moderator.id,
        action: 'mail_suppression.cleared',
        targetType: 'mail_suppression',
        targetId: id,
        detail: {
          memberId: row.memberId,
          code: row.code,
          firstRefusedAt: row.firstRefusedAt.toISOString(),
        },
      });
    });
  }
}

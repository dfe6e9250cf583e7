import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { DomainEventBus } from '../../common/events/domain-events';
import { AppConfigService } from '../../config/app-config.service';
import { AuditLogService } from '../audit/audit-log.service';
import type { MemberRecord } from '../members/member.record';
import { MembersService } from '../members/members.service';
import { REMINDER_DAYS_BEFORE, RENEWAL_WINDOW_DAYS } from './membership.types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Terms one sweep handles; a longer backlog is caught up by the next runs. */
const SWEEP_BATCH = 500;

/** When a member with this term may apply to renew it (an exact instant). */
export function renewalOpensAt(until: Date): Date {
  return new Date(until.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS);
}

/** Whether the member holds Golden Crown with a term whose renewal window is open at `now`. */
export function mayRenew(member: Pick<MemberRecord, 'tier' | 'goldenCrownUntil'>, now: Date) {
  return (
    member.tier === 'golden_crown' &&
    member.goldenCrownUntil !== null &&
    now.getTime() >= renewalOpensAt(member.goldenCrownUntil).getTime()
  );
}

/**
 * Golden Crown terms: what an approval grants (a term from now, or a renewal's extension
 * from the old end while it has not ended), the reminders before the end, and the lapse at
 * the end. The two sweeps are run by `GoldenCrownTermsJob`; both are safe with several
 * processes (claimed reminder rows; a conditional tier change).
 */
@Injectable()
export class GoldenCrownTermService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
    private readonly config: AppConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private termMs(): number {
    return this.config.get('GOLDEN_CROWN_TERM_DAYS') * DAY_MS;
  }

  /**
   * Grants the applicant a term inside the caller's (approval's) transaction, the member row
   * locked: extended from the old end while the present term runs, else from now.
   */
  async grant(em: EntityManager, memberId: string): Promise<Date> {
    const now = this.clock.now();
    const [row] = await em.query<{ tier: string; golden_crown_until: Date | string | null }[]>(
      `SELECT tier, golden_crown_until FROM members WHERE id = $1 FOR UPDATE`,
      [memberId],
    );
    const current = row?.golden_crown_until ? new Date(row.golden_crown_until) : null;
    const from =
      row?.tier === 'golden_crown' && current && current.getTime() > now.getTime() ? current : now;
    const until = new Date(from.getTime() + this.termMs());
    await this.members.grantGoldenCrown(em, memberId, until);
    return until;
  }

  /**
   * Every Golden Crown term that has ended by `now` lapses: the tier back to `standard`
   * (only if still Golden Crown with that end: a renewal or another process may have come
   * first), audited in the same transaction; then every process is told (the member's
   * sockets leave Golden Crown rooms: those of this process before the sweep goes on) and
   * the member is notified.
   */
  async lapseDue(now: Date): Promise<number> {
    const due = await this.members.goldenCrownTermsEndingBy(now, SWEEP_BATCH);
    let lapsed = 0;
    for (const { id, goldenCrownUntil } of due) {
      const changed = await this.dataSource.transaction(async (em) => {
        if (!(await this.members.lapseGoldenCrown(em, id, now))) return false;
        await this.audit.record(em, {
          actorId: null,
          action: 'member.golden_crown_lapsed',
          targetType: 'member',
          targetId: id,
          detail: {
            from: 'golden_crown',
            to: 'standard',
            goldenCrownUntil: goldenCrownUntil.toISOString(),
          },
        });
        return true;
      });
      if (!changed) continue;
      lapsed += 1;
      await this.members.changed(id);
      await this.events.emitAndWait('member.golden_crown_lapsed', {
        memberId: id,
        until: goldenCrownUntil.toISOString(),
      });
    }
    return lapsed;
  }

  /**
   * Reminders 30 and 7 days before a term ends, once each per term: the sweep claims the
   * reminder rows (`ON CONFLICT DO NOTHING`) and notifies only for a row it inserted. A
   * sweep that finds both due (after downtime) sends the nearer one and marks both.
   */
  async remindDue(now: Date): Promise<number> {
    const [far, near] = REMINDER_DAYS_BEFORE;
    const rows = await this.dataSource.query<{ id: string; golden_crown_until: Date | string }[]>(
      `SELECT m.id, m.golden_crown_until FROM members m
        WHERE m.tier = 'golden_crown' AND m.erased_at IS NULL
          AND m.golden_crown_until > $1 AND m.golden_crown_until <= $2
          AND NOT EXISTS (
            SELECT 1 FROM golden_crown_reminders r
             WHERE r.member_id = m.id AND r.term_until = m.golden_crown_until
               AND r.days_before = CASE WHEN m.golden_crown_until <= $3 THEN $5::int ELSE $4::int END)
        ORDER BY m.golden_crown_until, m.id
        LIMIT ${SWEEP_BATCH}`,
      [
        now,
        new Date(now.getTime() + far * DAY_MS),
        new Date(now.getTime() + near * DAY_MS),
        far,
        near,
      ],
    );
    let sent = 0;
    for (const row of rows) {
      const until = new Date(row.golden_crown_until);
      const due = REMINDER_DAYS_BEFORE.filter(
        (days) => until.getTime() - days * DAY_MS <= now.getTime(),
      );
      const daysBefore = Math.min(...due);
      const claimed = await this.dataSource.query<{ days_before: number }[]>(
        `INSERT INTO golden_crown_reminders (member_id, term_until, days_before)
         SELECT $1, $2, unnest($3::int[])
         ON CONFLICT DO NOTHING RETURNING days_before`,
        [row.id, until, due],
      );
      if (!claimed.some((claim) => Number(claim.days_before) === daysBefore)) continue;
      try {
        await this.events.emitAndWait('member.golden_crown_expiring', {
          memberId: row.id,
          until: until.toISOString(),
          daysBefore,
        });
        sent += 1;
      } catch (error) {
        // Not sent: give the reminder back to the next sweep.
        await this.dataSource.query(
          `DELETE FROM golden_crown_reminders WHERE member_id = $1 AND term_until = $2 AND days_before = $3`,
          [row.id, until, daysBefore],
        );
        throw error;
      }
    }
    return sent;
  }
}

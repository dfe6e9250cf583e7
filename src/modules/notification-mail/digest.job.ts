import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Language } from '../../common/i18n/language';
import {
  dueTimeOf,
  everyMinutes,
  ScheduledJobSource,
  type ScheduledJob,
} from '../../common/jobs/scheduled-job';
import { MailOutbox } from '../mail/mail-outbox';
import type { NotificationType } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { effectiveKinds, periodMs, type KindMode } from './email-preferences';
import { NotificationMailTemplates, type MailedNotification } from './notification-mail.templates';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Members read per page of the sweep. */
const PAGE = 200;
/** Notifications a digest reads at most; it lists the newest ones. */
const MOST_READ = 500;
/** Items a digest lists; the rest are named by their count. */
export const MOST_LISTED = 50;

interface DueMember {
  id: string;
  email: string;
  locale: Language;
  display_name: string;
  digest: 'daily' | 'weekly';
  kinds: Partial<Record<string, KindMode>> | null;
  last_digest_at: Date | null;
  digest_read_until: Date | null;
}

interface DigestRow {
  upto: Date;
  id: string | null;
  type: NotificationType;
  data: Record<string, unknown>;
  actor_name: string | null;
  actor_erased_at: Date | null;
}

/**
 * The digest: every hour, each member whose period (a day or a week since their last
 * digest) has passed gets one mail listing the notifications of their `digest` kinds that
 * arrived since, and that they may still see. An empty digest is not sent, and the period
 * starts again all the same.
 *
 * Once per member per period, however many processes run it: the job runner claims each
 * hour once, and each member's digest is claimed by one conditional statement (their last
 * digest time as this run read it) in the transaction that stores the mail, so a second run
 * over the same member stores nothing. Periods are counted in whole hours of the schedule,
 * so a daily digest keeps its hour.
 *
 * What a digest lists is read by the notifications' own time (`created_at`), up to the
 * database's time of that read (`digest_read_until`), so the next one starts where it ended.
 */
@Injectable()
@ScheduledJobSource()
export class DigestJob implements ScheduledJob {
  readonly name = 'mail.digest';
  readonly schedule = everyMinutes(60);
  readonly leaseMs = 30 * 60_000;
  private readonly logger = new Logger(DigestJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly outbox: MailOutbox,
    private readonly templates: NotificationMailTemplates,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  async run(now: Date): Promise<void> {
    const slot = dueTimeOf(this.schedule, now);
    let after = '00000000-0000-0000-0000-000000000000';
    let sent = 0;
    let skipped = 0;
    for (;;) {
      const due = await this.dueMembers(slot, after);
      for (const member of due) {
        const outcome = await this.digestFor(member, slot);
        if (outcome === 'sent') sent += 1;
        if (outcome === 'empty') skipped += 1;
      }
      if (due.length < PAGE) break;
      after = due[due.length - 1].id;
    }
    if (sent > 0) this.outbox.wake();
    if (sent + skipped > 0) this.logger.log({ sent, skipped }, 'Digests handled');
  }

  private dueMembers(slot: Date, after: string): Promise<DueMember[]> {
    return this.dataSource.query<DueMember[]>(
      `SELECT m.id, m.email, m.locale, m.display_name, COALESCE(p.digest, 'daily') AS digest,
              p.kinds, p.last_digest_at, p.digest_read_until
         FROM members m
         LEFT JOIN email_preferences p ON p.member_id = m.id
        WHERE m.id > $1 AND m.erased_at IS NULL AND m.email IS NOT NULL
          AND COALESCE(p.digest, 'daily') <> 'off'
          AND (p.last_digest_at IS NULL OR p.last_digest_at <= $2::timestamptz
               - CASE p.digest WHEN 'weekly' THEN interval '7 days' ELSE interval '1 day' END)
        ORDER BY m.id
        LIMIT ${PAGE}`,
      [after, slot],
    );
  }

  private async digestFor(member: DueMember, slot: Date): Promise<'sent' | 'empty' | 'taken'> {
    const kinds = effectiveKinds(member.kinds ?? undefined);
    const digestKinds = Object.entries(kinds)
      .filter(([, mode]) => mode === 'digest')
      .map(([kind]) => kind);
    const rows = await this.dataSource.query<DigestRow[]>(
      `WITH mark AS (SELECT now() AS upto)
       SELECT mark.upto, n.id, n.type, n.data,
              a.display_name AS actor_name, a.erased_at AS actor_erased_at
         FROM mark
         LEFT JOIN notifications n
           ON n.member_id = $1 AND n.type = ANY($2::varchar[])
          AND n.created_at > COALESCE($3::timestamptz, mark.upto - $4::interval)
          AND n.created_at <= mark.upto
         LEFT JOIN members a ON a.id = CAST(n.data->>'actorId' AS uuid)
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT ${MOST_READ}`,
      [member.id, digestKinds, member.digest_read_until, `${periodMs(member.digest)} milliseconds`],
    );
    const upto = rows[0].upto;
    const found = rows.filter((row) => row.id !== null);
    const visible = await this.notifications.stillVisible(member.id, found);
    const items: MailedNotification[] = found
      .filter((_row, index) => visible[index])
      .map((row) => {
        const actorId = typeof row.data.actorId === 'string' ? row.data.actorId : null;
        return {
          type: row.type,
          data: row.data,
          actorName: actorId ? row.actor_name : null,
          actorErased: actorId !== null && (row.actor_erased_at !== null || !row.actor_name),
        };
      });
    return this.dataSource.transaction(async (em) => {
      const claimed = await em.query<unknown[]>(
        `INSERT INTO email_preferences (member_id, last_digest_at, digest_read_until)
         VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE
           SET last_digest_at = EXCLUDED.last_digest_at,
               digest_read_until = EXCLUDED.digest_read_until
         WHERE email_preferences.last_digest_at IS NOT DISTINCT FROM $4::timestamptz
         RETURNING member_id`,
        [member.id, slot, upto, member.last_digest_at],
      );
      if (claimed.length === 0) return 'taken';
      if (items.length === 0) return 'empty';
      const token = this.tokens.sign(member.id, 'digest');
      const rendered = this.templates.digest(
        { displayName: member.display_name, locale: member.locale },
        items.slice(0, MOST_LISTED),
        items.length,
        token,
      );
      await this.outbox.enqueue(em, {
        kind: 'digest',
        to: member.email,
        memberId: member.id,
        ...rendered,
        headers: this.templates.unsubscribeHeaders(token),
      });
      return 'sent';
    });
  }
}

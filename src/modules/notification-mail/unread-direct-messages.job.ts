import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  everyMinutes,
  ScheduledJobSource,
  type ScheduledJob,
} from '../../common/jobs/scheduled-job';
import { MailOutbox } from '../mail/mail-outbox';
import type { NotificationType } from '../notifications/notification.entity';
import { DEFERRED_KINDS } from './email-preferences';
import { NotificationMailer } from './notification-mailer';

/** A direct message is mailed once it has been unread this long. */
export const UNREAD_BEFORE_MAIL_MS = 15 * 60_000;
/** Older unread ones are not mailed any more (a sweep after a long downtime). */
const MAIL_UNREAD_WITHIN_MS = 24 * 60 * 60_000;
const BATCH = 200;

interface DueNotification {
  id: string;
  member_id: string;
  type: NotificationType;
  data: Record<string, unknown>;
  created_at: Date;
}

/**
 * Mails direct messages still unread 15 minutes after their notification was last updated
 * (a conversation's notification is one per unread stretch, moved on by each message, so a
 * lively conversation is mailed once it pauses). Each notification is handled once
 * (`notification_mail_marks`, claimed in the transaction that stores the mail), mailed when
 * its member wants the kind at once, as `NotificationMailer` mails any instant kind.
 */
@Injectable()
@ScheduledJobSource()
export class UnreadDirectMessagesJob implements ScheduledJob {
  readonly name = 'mail.unread-direct-messages';
  readonly schedule = everyMinutes(5);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: NotificationMailer,
    private readonly outbox: MailOutbox,
  ) {}

  async run(now: Date): Promise<void> {
    const unreadSince = new Date(now.getTime() - UNREAD_BEFORE_MAIL_MS);
    const notAfter = new Date(now.getTime() - MAIL_UNREAD_WITHIN_MS);
    let mailed = 0;
    for (;;) {
      const due = await this.dataSource.query<DueNotification[]>(
        `SELECT n.id, n.member_id, n.type, n.data, n.created_at FROM notifications n
          WHERE n.type = ANY($1::varchar[]) AND n.read_at IS NULL
            AND n.created_at <= $2 AND n.created_at > $3
            AND NOT EXISTS (SELECT 1 FROM notification_mail_marks k WHERE k.notification_id = n.id)
          ORDER BY n.created_at
          LIMIT ${BATCH}`,
        [[...DEFERRED_KINDS], unreadSince, notAfter],
      );
      for (const notification of due)
        if (await this.handle(notification, now, unreadSince)) mailed++;
      if (due.length < BATCH) break;
    }
    if (mailed > 0) this.outbox.wake();
  }

  /** Claims the notification, then mails it if it is still unread and quiet; once. */
  private handle(row: DueNotification, now: Date, unreadSince: Date): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const claimed = await em.query<unknown[]>(
        `INSERT INTO notification_mail_marks (notification_id, handled_at)
         SELECT id, $2 FROM notifications
          WHERE id = $1 AND read_at IS NULL AND created_at <= $3
         ON CONFLICT (notification_id) DO NOTHING
         RETURNING notification_id`,
        [row.id, now, unreadSince],
      );
      if (claimed.length === 0) return false;
      return this.mailer.mailNow(em, {
        id: row.id,
        memberId: row.member_id,
        type: row.type,
        data: row.data,
        createdAt: row.created_at,
      });
    });
  }
}

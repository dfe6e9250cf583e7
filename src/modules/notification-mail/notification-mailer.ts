import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '../../common/i18n/language';
import { MailOutbox } from '../mail/mail-outbox';
import { NotificationsService } from '../notifications/notifications.service';
import type {
  NotificationStoredHook,
  StoredNotification,
} from '../notifications/notification-stored.hook';
import { DEFERRED_KINDS, effectiveKinds, type KindMode } from './email-preferences';
import { NotificationMailTemplates } from './notification-mail.templates';
import { UnsubscribeTokens } from './unsubscribe-tokens';

interface RecipientRow {
  email: string;
  locale: Language;
  display_name: string;
  kinds: Partial<Record<string, KindMode>> | null;
  actor_name: string | null;
  actor_erased_at: Date | null;
}

/**
 * The mail of an `instant` notification, stored in the notification's own transaction (a
 * hook of `NotificationsService.notify`, so it follows the same visibility check: no
 * notification, no mail). Only to a member with an address who has not erased their
 * account. A direct message waits (`DEFERRED_KINDS`, mailed by `UnreadDirectMessagesJob`).
 */
@Injectable()
export class NotificationMailer implements NotificationStoredHook, OnModuleInit {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly outbox: MailOutbox,
    private readonly templates: NotificationMailTemplates,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  onModuleInit(): void {
    this.notifications.addStoredHook(this);
  }

  async onStored(
    em: EntityManager,
    notification: StoredNotification,
  ): Promise<(() => void) | void> {
    if (DEFERRED_KINDS.has(notification.type)) return;
    if (await this.mailNow(em, notification)) return () => this.outbox.wake();
  }

  /**
   * Stores the notification's mail in the caller's transaction if its member wants this kind
   * at once (and has an address); answers whether it did.
   */
  async mailNow(em: EntityManager, notification: StoredNotification): Promise<boolean> {
    const actorId =
      typeof notification.data.actorId === 'string' ? notification.data.actorId : null;
    const [recipient] = await em.query<RecipientRow[]>(
      `SELECT m.email, m.locale, m.display_name, p.kinds,
              a.display_name AS actor_name, a.erased_at AS actor_erased_at
         FROM members m
         LEFT JOIN email_preferences p ON p.member_id = m.id
         LEFT JOIN members a ON a.id = $2::uuid
        WHERE m.id = $1 AND m.erased_at IS NULL AND m.email IS NOT NULL`,
      [notification.memberId, actorId],
    );
    if (!recipient) return false;
    if (effectiveKinds(recipient.kinds ?? undefined)[notification.type] !== 'instant') return false;
    const token = this.tokens.sign(notification.memberId, notification.type);
    const rendered = this.templates.instant(
      { displayName: recipient.display_name, locale: recipient.locale },
      {
        type: notification.type,
        data: notification.data,
        actorName: actorId ? recipient.actor_name : null,
        actorErased:
          actorId !== null && (recipient.actor_erased_at !== null || !recipient.actor_name),
      },
      token,
    );
    await this.outbox.enqueue(em, {
      kind: `notification.${notification.type}`,
      to: recipient.email,
      memberId: notification.memberId,
      ...rendered,
      headers: this.templates.unsubscribeHeaders(token),
    });
    return true;
  }
}

import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import { toNotificationResponse, type NotificationRow } from './dto/notification.dto';
import { selectNotifications } from './notification-query';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

/**
 * The `direct_message` notification: one unread notification per member and conversation,
 * updated by each new message (its latest message, sender and `count`, and it becomes the
 * newest again), never one per message. It names no message text. A muted conversation makes
 * none (the conversation leaves those members out); reading the conversation to its end
 * marks it read.
 */
@Injectable()
export class DirectMessageNotifications {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly service: NotificationsService,
    private readonly events: DomainEventBus,
  ) {}

  @OnEvent('conversation.message.created')
  async onMessage(event: DomainEvents['conversation.message.created']): Promise<void> {
    const data = {
      conversationId: event.conversationId,
      messageId: event.messageId,
      seq: event.seq,
    };
    for (const memberId of event.recipientIds) {
      // An UPDATE answers [rows, affected].
      const [[updated]] = await this.notifications.manager.query<[{ id: string }[], number]>(
        `UPDATE notifications
            SET data = data || $3::jsonb
                       || jsonb_build_object('count', COALESCE((data->>'count')::int, 1) + 1),
                created_at = now()
          WHERE member_id = $1 AND type = 'direct_message' AND read_at IS NULL
            AND data->>'conversationId' = $2
          RETURNING id`,
        [memberId, event.conversationId, JSON.stringify({ ...data, actorId: event.authorId })],
      );
      if (!updated) {
        await this.service.notify({
          memberId,
          type: 'direct_message',
          actorId: event.authorId,
          data: { ...data, count: 1 },
        });
        continue;
      }
      const row = await selectNotifications(this.notifications.manager)
        .where('n.id = :id', { id: updated.id })
        .getRawOne<NotificationRow>();
      if (row) {
        this.events.emit('notification.created', {
          memberId,
          notification: toNotificationResponse(row),
        });
      }
    }
  }

  /** The member read the conversation to its end: its notification is read too. */
  @OnEvent('conversation.caught_up')
  async onCaughtUp({
    memberId,
    conversationId,
  }: DomainEvents['conversation.caught_up']): Promise<void> {
    await this.notifications.manager.query(
      `UPDATE notifications SET read_at = now()
        WHERE member_id = $1 AND type = 'direct_message' AND read_at IS NULL
          AND data->>'conversationId' = $2`,
      [memberId, conversationId],
    );
  }
}

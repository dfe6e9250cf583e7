import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import { decodeCursor, isTimeIdCursor, toPage, type Page } from '../../common/pagination/page';
import {
  toNotificationResponse,
  type ListNotificationsQuery,
  type MarkReadDto,
  type NotificationDto,
} from './dto/notification.dto';
import { Notification, type NotificationType } from './notification.entity';

/**
 * In-app notifications: features raise domain events, this service turns them into stored
 * notifications and raises `notification.created`, which the discussion gateway pushes to
 * the member's sockets. Stored before the action's answer returns (`emitAndWait`).
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly events: DomainEventBus,
  ) {}

  async notify(
    memberId: string,
    type: NotificationType,
    data: Record<string, unknown>,
  ): Promise<void> {
    const stored = await this.notifications.save(
      this.notifications.create({ memberId, type, data, readAt: null }),
    );
    this.events.emit('notification.created', {
      memberId,
      notification: toNotificationResponse(stored),
    });
  }

  async list(memberId: string, query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const builder = this.notifications
      .createQueryBuilder('n')
      .where('n.member_id = :memberId', { memberId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(query.limit + 1);
    if (query.unread) builder.andWhere('n.read_at IS NULL');
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, isTimeIdCursor);
      builder.andWhere('(n.created_at, n.id) < (:at, :id)', { at, id });
    }
    const rows = await builder.getMany();
    return toPage(rows, query.limit, toNotificationResponse, (n) => [
      n.createdAt.toISOString(),
      n.id,
    ]);
  }

  async unreadCount(memberId: string): Promise<number> {
    return this.notifications.countBy({ memberId, readAt: IsNull() });
  }

  async markRead(memberId: string, dto: MarkReadDto): Promise<void> {
    const where = dto.all
      ? { memberId, readAt: IsNull() }
      : { memberId, id: In(dto.ids ?? []), readAt: IsNull() };
    await this.notifications.update(where, { readAt: () => 'now()' });
  }

  @OnEvent('post.commented')
  async onComment(event: DomainEvents['post.commented']): Promise<void> {
    const data = {
      postId: event.postId,
      postTitle: event.postTitle,
      commentId: event.commentId,
      authorId: event.commentAuthorId,
    };
    const replied = event.parentCommentAuthorId;
    if (replied && replied !== event.commentAuthorId) {
      await this.notify(replied, 'reply_to_comment', data);
    }
    if (event.postAuthorId !== event.commentAuthorId && event.postAuthorId !== replied) {
      await this.notify(event.postAuthorId, 'comment_on_post', data);
    }
  }

  @OnEvent('application.decided')
  async onApplicationDecided(event: DomainEvents['application.decided']): Promise<void> {
    await this.notify(event.applicantId, 'application_decided', {
      applicationId: event.applicationId,
      decision: event.decision,
      reason: event.reason,
    });
  }

  @OnEvent('report.resolved')
  async onReportResolved(event: DomainEvents['report.resolved']): Promise<void> {
    await this.notify(event.reporterId, 'report_resolved', {
      reportId: event.reportId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
    });
  }

  @OnEvent('member.suspended')
  async onSuspended(event: DomainEvents['member.suspended']): Promise<void> {
    await this.notify(event.memberId, 'member_suspended', {
      until: event.until,
      reason: event.reason,
    });
  }

  @OnEvent('member.tier_revoked')
  async onTierRevoked(event: DomainEvents['member.tier_revoked']): Promise<void> {
    await this.notify(event.memberId, 'tier_revoked', { reason: event.reason });
  }
}

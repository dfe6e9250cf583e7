import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import { keysetRawPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import { PostVisibilityService, type PostContentRef } from '../posts/post-visibility.service';
import {
  toNotificationResponse,
  type ListNotificationsQuery,
  type MarkReadDto,
  type NotificationDto,
  type NotificationRow,
} from './dto/notification.dto';
import { selectNotifications } from './notification-query';
import { Notification, type NotificationType } from './notification.entity';
import type { NotificationStoredHook, StoredNotification } from './notification-stored.hook';

/**
 * Content a notification tells its recipient about. Each kind is checked by the feature
 * that owns it; a new kind (a conversation, a member's profile) joins this union and
 * `maySee`.
 */
export type NotifiedContent = { kind: 'post' } & PostContentRef;

export interface NewNotification {
  /** The recipient. */
  memberId: string;
  type: NotificationType;
  /** Who did it (the commenter, the deciding moderator, …); `null` for the system. */
  actorId: string | null;
  /**
   * The content the notification is about, when it names or describes it (a title, an
   * excerpt): the notification is made only if the recipient may see it now.
   */
  about?: NotifiedContent;
  /** What the client links and describes; `actorId` is added, `actorName` added when read. */
  data: Record<string, unknown>;
  /**
   * Made at most once for the same thing: nothing is stored when the recipient already has a
   * notification of this type whose `data[key]` is `value` and that is unread or younger
   * than `withinMs` (a follow after an unfollow, `new_follower`).
   */
  once?: OnceRule;
}

export interface OnceRule {
  key: string;
  value: string;
  withinMs: number;
}

/**
 * What a stored notification is about, read back from its `data`: a post, or a comment of
 * one. (A report's answer names its target as `targetId`, on purpose not checked.)
 */
function aboutOf(data: Record<string, unknown>): PostContentRef | undefined {
  if (typeof data.postId !== 'string') return undefined;
  return typeof data.commentId === 'string'
    ? { postId: data.postId, commentId: data.commentId }
    : { postId: data.postId };
}

const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'n.created_at', kind: 'time' },
    { sql: 'n.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/**
 * In-app notifications: features raise domain events, this service turns them into stored
 * notifications and raises `notification.created`, which the discussion gateway pushes to
 * the member's sockets. Stored before the action's answer returns (`emitAndWait`).
 */
@Injectable()
export class NotificationsService {
  private readonly storedHooks: NotificationStoredHook[] = [];

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly posts: PostVisibilityService,
    private readonly events: DomainEventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The one way a notification is made, for every kind: nothing is stored or pushed when it
   * is about content the recipient may not see at this moment (its visibility against their
   * current role and tier, a hidden or deleted post), or when `once` finds its twin. What the
   * registered hooks store with it (its mail) is stored in the same transaction.
   */
  async notify({ memberId, type, actorId, about, data, once }: NewNotification): Promise<void> {
    if (about && !(await this.maySee(memberId, about))) return;
    const made = await this.notifications.manager.transaction(async (em) => {
      if (once && (await this.alreadyMade(em, memberId, type, once))) return null;
      const stored = await em.save(
        em.create(Notification, { memberId, type, data: { ...data, actorId }, readAt: null }),
      );
      const afterCommit: (() => void)[] = [];
      for (const hook of this.storedHooks) {
        const after = await hook.onStored(em, stored);
        if (after) afterCommit.push(after);
      }
      return { stored, afterCommit };
    });
    if (!made) return;
    const { stored, afterCommit } = made;
    for (const after of afterCommit) after();
    const row = await selectNotifications(this.notifications.manager)
      .where('n.id = :id', { id: stored.id })
      .getRawOne<NotificationRow>();
    if (!row) return;
    this.events.emit('notification.created', {
      memberId,
      notification: toNotificationResponse(row),
    });
  }

  /** Work to store with every notification, in its transaction (the mail feature's). */
  addStoredHook(hook: NotificationStoredHook): void {
    this.storedHooks.push(hook);
  }

  /**
   * Whether the member may still see what each notification is about (in the order given,
   * in one statement): for what tells them about notifications later, such as a digest. A
   * notification about no content (a decision, a report's answer) stays visible.
   */
  async stillVisible(
    memberId: string,
    notifications: readonly Pick<StoredNotification, 'data'>[],
  ): Promise<boolean[]> {
    const refs = notifications.map(({ data }) => aboutOf(data));
    const posts = refs.filter((ref) => ref !== undefined);
    const seen = await this.posts.canSeeEach(memberId, posts);
    let next = 0;
    return refs.map((ref) => (ref === undefined ? true : seen[next++]));
  }

  async list(memberId: string, query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const builder = selectNotifications(this.notifications.manager).where(
      'n.member_id = :memberId',
      { memberId },
    );
    if (query.unread) builder.andWhere('n.read_at IS NULL');
    return keysetRawPage(builder, NEWEST_FIRST, query, (row: NotificationRow) =>
      toNotificationResponse(row),
    );
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
    const notification = {
      actorId: event.commentAuthorId,
      about: { kind: 'post', postId: event.postId, commentId: event.commentId },
      data: {
        postId: event.postId,
        postTitle: event.postTitle,
        commentId: event.commentId,
        authorId: event.commentAuthorId,
      },
    } as const;
    const replied = event.parentCommentAuthorId;
    if (replied && replied !== event.commentAuthorId) {
      await this.notify({ ...notification, memberId: replied, type: 'reply_to_comment' });
    }
    if (event.postAuthorId !== event.commentAuthorId && event.postAuthorId !== replied) {
      await this.notify({ ...notification, memberId: event.postAuthorId, type: 'comment_on_post' });
    }
  }

  @OnEvent('application.decided')
  async onApplicationDecided(event: DomainEvents['application.decided']): Promise<void> {
    await this.notify({
      memberId: event.applicantId,
      type: 'application_decided',
      actorId: event.decidedBy,
      data: { applicationId: event.applicationId, decision: event.decision, reason: event.reason },
    });
  }

  /**
   * Not checked against visibility: the reporter is told even when the content was hidden
   * (that is the answer to their report). So it names the content by id only, never by a
   * title or an excerpt.
   */
  @OnEvent('report.resolved')
  async onReportResolved(event: DomainEvents['report.resolved']): Promise<void> {
    await this.notify({
      memberId: event.reporterId,
      type: 'report_resolved',
      actorId: event.resolvedBy,
      data: {
        reportId: event.reportId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
      },
    });
  }

  @OnEvent('member.suspended')
  async onSuspended(event: DomainEvents['member.suspended']): Promise<void> {
    await this.notify({
      memberId: event.memberId,
      type: 'member_suspended',
      actorId: event.suspendedBy,
      data: { until: event.until, reason: event.reason },
    });
  }

  @OnEvent('member.tier_revoked')
  async onTierRevoked(event: DomainEvents['member.tier_revoked']): Promise<void> {
    await this.notify({
      memberId: event.memberId,
      type: 'tier_revoked',
      actorId: event.revokedBy,
      data: { reason: event.reason },
    });
  }

  @OnEvent('member.golden_crown_expiring')
  async onGoldenCrownExpiring(event: DomainEvents['member.golden_crown_expiring']): Promise<void> {
    await this.notify({
      memberId: event.memberId,
      type: 'golden_crown_expiring',
      actorId: null,
      data: { until: event.until, daysBefore: event.daysBefore },
    });
  }

  @OnEvent('member.golden_crown_lapsed')
  async onGoldenCrownLapsed(event: DomainEvents['member.golden_crown_lapsed']): Promise<void> {
    await this.notify({
      memberId: event.memberId,
      type: 'golden_crown_lapsed',
      actorId: null,
      data: { until: event.until },
    });
  }

  /**
   * Whether `once` finds a twin. Two notifications for the same thing take turns (a
   * transaction-scoped advisory lock on the recipient, type and value), so two requests at
   * once cannot both find none.
   */
  private async alreadyMade(
    em: EntityManager,
    memberId: string,
    type: NotificationType,
    { key, value, withinMs }: OnceRule,
  ): Promise<boolean> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `notification:${memberId}:${type}:${key}:${value}`,
    ]);
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM notifications
        WHERE member_id = $1 AND type = $2 AND data->>$3 = $4
          AND (read_at IS NULL OR created_at > $5)
        LIMIT 1`,
      [memberId, type, key, value, new Date(this.clock.now().getTime() - withinMs)],
    );
    return rows.length > 0;
  }

  private maySee(memberId: string, about: NotifiedContent): Promise<boolean> {
    switch (about.kind) {
      case 'post':
        return this.posts.canSee(memberId, about);
    }
  }
}

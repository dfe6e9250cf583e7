import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { MessageDto } from '../../modules/discussion/dto/message.dto';
import { AppConfigService } from '../../config/app-config.service';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';

/**
 * Every domain event one feature raises for another, with its payload. Features never
 * call each other's socket server or repositories: they raise one of these, and the
 * feature that cares listens with `@OnEvent(name)`.
 */
export interface DomainEvents {
  /** A member's rights or profile changed (role, tier, suspension, erasure, profile). */
  'member.changed': { memberId: string };
  /** Sessions ended: one (`sessionId`) or all of the member's (`sessionId: null`). */
  'session.revoked': { memberId: string; sessionId: string | null; exceptSessionId?: string };
  /** A chat message was stored (not raised again for an idempotent retry). */
  'discussion.message.created': { message: MessageDto };
  /** A chat message was deleted; its `seq` stays as a tombstone. */
  'discussion.message.deleted': { roomId: string; id: string };
  /** A notification was stored for a member: pushed live to their sockets. */
  'notification.created': {
    memberId: string;
    notification: {
      id: string;
      type: string;
      data: Record<string, unknown>;
      readAt: string | null;
      createdAt: string;
    };
  };
  /** A moderator approved or rejected a Golden Crown application (raised after the commit). */
  'application.decided': {
    applicationId: string;
    applicantId: string;
    decision: 'approved' | 'rejected';
    reason: string | null;
    /** The moderator whose decision it was. */
    decidedBy: string;
  };
  /** A moderator took Golden Crown away from a member (raised after the commit). */
  'member.tier_revoked': { memberId: string; reason: string; revokedBy: string };
  /** A moderator suspended a member (raised after the commit). */
  'member.suspended': { memberId: string; until: string; reason: string; suspendedBy: string };
  /** A moderator resolved a report (raised after the commit). */
  'report.resolved': {
    reportId: string;
    reporterId: string;
    action: 'dismiss' | 'hide_content';
    targetType: 'post' | 'comment' | 'message';
    targetId: string;
    /** The moderator who resolved it. */
    resolvedBy: string;
  };
  /** A comment or reply was written (after commit); the notifications feature listens. */
  'post.commented': PostCommentedEvent;
}

export interface PostCommentedEvent {
  postId: string;
  postTitle: string;
  commentId: string;
  commentAuthorId: string;
  postAuthorId: string;
  /** The author of the comment replied to; `null` for a top-level comment. */
  parentCommentAuthorId: string | null;
}

export type DomainEventName = keyof DomainEvents;

/**
 * Events every server process must hear, not only the one that raised them: they empty
 * caches of members and sessions and disconnect sockets. With `REDIS_URL` they travel
 * over Redis pub/sub; with one process they stay local.
 */
const CLUSTER_EVENTS: ReadonlySet<DomainEventName> = new Set(['member.changed', 'session.revoked']);

interface ClusterMessage {
  origin: string;
  name: DomainEventName;
  payload: unknown;
}

@Injectable()
export class DomainEventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DomainEventBus.name);
  private readonly origin = randomUUID();
  private readonly channel: string;
  private subscriber?: RedisClient;

  constructor(
    private readonly emitter: EventEmitter2,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    config: AppConfigService,
  ) {
    this.channel = `${config.get('REDIS_KEY_PREFIX')}domain-events`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel, (raw) => this.receive(raw));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.subscriber?.isOpen) await this.subscriber.quit();
  }

  /**
   * Raises an event and waits until every local listener has finished: for effects that
   * must be stored before the action's answer returns (notifications). A failing
   * listener is logged, never turned into a failure of the action that already committed.
   */
  async emitAndWait<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (error) {
      this.logger.error({ err: error }, `A listener of ${name} failed`);
    }
    this.share(name, payload);
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
    this.share(name, payload);
  }

  private share<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    if (this.redis?.isReady && CLUSTER_EVENTS.has(name)) {
      const message: ClusterMessage = { origin: this.origin, name, payload };
      this.redis.publish(this.channel, JSON.stringify(message)).catch((error: Error) => {
        this.logger.warn(`Could not share ${name} with other processes: ${error.message}`);
      });
    }
  }

  private receive(raw: string): void {
    try {
      const message = JSON.parse(raw) as ClusterMessage;
      if (message.origin !== this.origin && CLUSTER_EVENTS.has(message.name)) {
        this.emitter.emit(message.name, message.payload);
      }
    } catch (error) {
      this.logger.warn(`Ignored a malformed cluster event: ${(error as Error).message}`);
    }
  }
}

import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfigService } from '../../config/app-config.service';
import { REDIS_ANSWER_TIMEOUT_MS } from '../rate-limit/rate-limiters';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';

/**
 * Every domain event one feature raises for another, with its payload. Features never
 * call each other's socket server or repositories: they raise one of these, and the
 * feature that cares listens with `@OnEvent(name)`.
 *
 * Empty here, so the shared floor names no feature: each feature declares the events it
 * raises, with their payload types, in its own `<feature>.events.ts` by declaration merging:
 *
 * ```ts
 * declare module '../../common/events/domain-events' {
 *   interface DomainEvents {
 *     'post.commented': PostCommentedEvent;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type DomainEventName = keyof DomainEvents;

/**
 * Events every server process must hear, not only the one that raised them: they empty
 * caches of members and sessions and disconnect sockets. With `REDIS_URL` they travel
 * over Redis pub/sub; with one process they stay local. Names only (their payloads are
 * declared by the features that raise them); the type checks that each name is declared.
 */
const CLUSTER_EVENTS: ReadonlySet<DomainEventName> = new Set<DomainEventName>([
  'member.changed',
  'session.revoked',
]);

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
    await this.runListeners(name, payload);
    await this.share(name, payload);
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
    void this.share(name, payload);
  }

  /**
   * For changes of rights: resolves once every local listener has finished and Redis has
   * taken the message for the other processes (or could not within
   * `REDIS_ANSWER_TIMEOUT_MS`; it never fails). Awaited before the answer (or before a
   * job's run ends): this process's sockets have been closed or taken out of the rooms the
   * member may no longer join, and the message has reached every other process's
   * subscription before the answer reaches the client, so the member's next request sees
   * the change whichever process serves it. The local listeners start before the message
   * is published and run while it is.
   */
  async emitShared<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    await Promise.all([this.runListeners(name, payload), this.share(name, payload)]);
  }

  /** Runs the local listeners and waits for them; a failing one is logged, never thrown. */
  private async runListeners<K extends DomainEventName>(
    name: K,
    payload: DomainEvents[K],
  ): Promise<void> {
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (error) {
      this.logger.error({ err: error }, `A listener of ${name} failed`);
    }
  }

  private async share<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    if (!this.redis?.isReady || !CLUSTER_EVENTS.has(name)) return;
    const message: ClusterMessage = { origin: this.origin, name, payload };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.redis.publish(this.channel, JSON.stringify(message)),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${REDIS_ANSWER_TIMEOUT_MS} ms`)),
            REDIS_ANSWER_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      this.logger.warn(`Could not share ${name} with other processes: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
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

import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

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
}

export type DomainEventName = keyof DomainEvents;

@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
}

/** `blockerId` blocked `blockedId` (raised after the commit; not raised again for a repeat). */
export interface MemberBlockedEvent {
  blockerId: string;
  blockedId: string;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    /** Listeners end what a block stops (follows both ways); the blocked member is not told. */
    'member.blocked': MemberBlockedEvent;
  }
}

/** A member's rights or profile changed (role, tier, suspension, erasure, profile). */
export interface MemberChangedEvent {
  memberId: string;
}

/** A moderator suspended a member (raised after the commit). */
export interface MemberSuspendedEvent {
  memberId: string;
  until: string;
  reason: string;
  suspendedBy: string;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    /** Cluster-wide: every process empties its cache and re-checks the member's sockets. */
    'member.changed': MemberChangedEvent;
    'member.suspended': MemberSuspendedEvent;
  }
}

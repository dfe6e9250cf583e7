/** Sessions ended: one (`sessionId`) or all of the member's (`sessionId: null`). */
export interface SessionRevokedEvent {
  memberId: string;
  sessionId: string | null;
  exceptSessionId?: string;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    /** Cluster-wide: every process forgets the session and disconnects its sockets. */
    'session.revoked': SessionRevokedEvent;
  }
}

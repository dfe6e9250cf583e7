/** A moderator approved or rejected a Golden Crown application (raised after the commit). */
export interface ApplicationDecidedEvent {
  applicationId: string;
  applicantId: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
  /** The moderator whose decision it was. */
  decidedBy: string;
}

/** A moderator took Golden Crown away from a member (raised after the commit). */
export interface TierRevokedEvent {
  memberId: string;
  reason: string;
  revokedBy: string;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'application.decided': ApplicationDecidedEvent;
    'member.tier_revoked': TierRevokedEvent;
  }
}

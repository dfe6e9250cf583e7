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

/** A Golden Crown term ended and the tier went back to `standard` (raised after the commit). */
export interface GoldenCrownLapsedEvent {
  memberId: string;
  /** The end of the term, ISO 8601. */
  until: string;
}

/** A Golden Crown term ends soon: its 30- or 7-day reminder, claimed once. */
export interface GoldenCrownExpiringEvent {
  memberId: string;
  until: string;
  daysBefore: number;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'application.decided': ApplicationDecidedEvent;
    'member.tier_revoked': TierRevokedEvent;
    'member.golden_crown_lapsed': GoldenCrownLapsedEvent;
    'member.golden_crown_expiring': GoldenCrownExpiringEvent;
  }
}

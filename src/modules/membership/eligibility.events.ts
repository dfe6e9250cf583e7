import type { ReasonCode } from './golden-crown.rules';

/**
 * A `POST /api/membership/golden-crown/eligibility` answer that refused: only the failed
 * rules' codes, never the figures asked about nor who asked (the dashboard counts these).
 */
export interface EligibilityRefusedEvent {
  codes: ReasonCode[];
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'membership.eligibility_refused': EligibilityRefusedEvent;
  }
}

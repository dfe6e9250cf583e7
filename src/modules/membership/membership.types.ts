export const ORGANIZATION_TYPES = [
  'brand',
  'merchant',
  'manufacturer',
  'distributor',
  'third_party_service_provider',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** `pending → approved | rejected | withdrawn`, each move once. */
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** A first application, or a member's renewal of their term (from 60 days before its end). */
export const APPLICATION_KINDS = ['application', 'renewal'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/** The renewal window opens this long before `goldenCrownUntil`. */
export const RENEWAL_WINDOW_DAYS = 60;

/** Reminders of a term's end, this many days before it. */
export const REMINDER_DAYS_BEFORE = [30, 7] as const;

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The largest turnover an application may state (10^13 CNY: a safe JavaScript integer). */
export const MAX_ANNUAL_TURNOVER_CNY = 10_000_000_000_000;

/** Length limits of the free-text fields. */
export const COMPANY_NAME_MAX = 200;
export const JOB_TITLE_MAX = 100;
export const MOTIVATION_MAX = 2000;
/** Files an application may cite as evidence (its applicant's `application_evidence` uploads). */
export const EVIDENCE_MAX = 5;
export const DECISION_REASON_MAX = 1000;

/** The shapes of SPEC.md's answers, as the client reads them. */

export type OperatorType =
  'operations_assistant' | 'store_manager' | 'operations_director' | 'product_manager';
export const OPERATOR_TYPES: readonly OperatorType[] = [
  'operations_assistant',
  'store_manager',
  'operations_director',
  'product_manager',
];
export type Role = 'member' | 'moderator' | 'admin';
export type Tier = 'standard' | 'golden_crown';
export type Visibility = 'public' | 'members' | 'golden_crown';
export const VISIBILITIES: readonly Visibility[] = ['public', 'members', 'golden_crown'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PublicProfile {
  id: string;
  displayName: string;
  bio: string;
  company: string;
  operatorType: OperatorType | null;
  expertise: string[];
  role: Role;
  tier: Tier;
  createdAt: string;
}

export interface OwnProfile extends PublicProfile {
  email: string;
  suspendedUntil: string | null;
}

export interface AuthAnswer {
  member: OwnProfile;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface PostAuthor {
  id: string;
  displayName: string;
  operatorType: OperatorType | null;
  tier: Tier;
}

export interface Post {
  id: string;
  title: string;
  body: string;
  bodyHtml: string;
  tags: string[];
  visibility: Visibility;
  author: PostAuthor;
  likeCount: number;
  commentCount: number;
  likedByMe: boolean;
  createdAt: string;
  updatedAt: string;
  deleted?: boolean;
  hidden?: boolean;
}

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  body: string;
  bodyHtml: string;
  author: PostAuthor;
  createdAt: string;
  updatedAt: string;
  deleted?: boolean;
  hidden?: boolean;
}

export interface TagCount {
  name: string;
  postCount: number;
}

export interface LikeState {
  likeCount: number;
  likedByMe: boolean;
}

export type RoomKind = 'open' | 'golden_crown';
export interface Room {
  id: string;
  slug: string;
  name: string;
  kind: RoomKind;
  description: string;
}

export interface ChatMessage {
  id: string;
  roomId: string;
  seq: number;
  clientMsgId: string;
  body: string;
  author: { id: string; displayName: string };
  createdAt: string;
}
export interface ChatTombstone {
  id: string;
  roomId: string;
  seq: number;
  deleted: true;
}
export type HistoryItem = ChatMessage | ChatTombstone;

export interface Notification {
  id: string;
  type: string;
  /** Names the actor (`actorId`, `actorName`) and what it is about (`postId`, …). */
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

export type OrganizationType =
  'brand' | 'merchant' | 'manufacturer' | 'distributor' | 'third_party_service_provider';
export const ORGANIZATION_TYPES: readonly OrganizationType[] = [
  'brand',
  'merchant',
  'manufacturer',
  'distributor',
  'third_party_service_provider',
];

export interface GoldenCrownRules {
  version: string;
  minAnnualTurnoverCny: number;
  decisionMakerRequired: boolean;
  thirdPartyServiceProvidersExcluded: boolean;
  privacyAgreementVersion: string;
  reapplyAfterDays: number;
}

export interface EligibilityReason {
  rule: string;
  code: string;
  message: string;
}
export interface Eligibility {
  eligible: boolean;
  reasons: EligibilityReason[];
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export interface ApplicationBody {
  companyName: string;
  annualTurnoverCny: number;
  isDecisionMaker: boolean;
  jobTitle: string;
  organizationType: OrganizationType;
  motivation: string;
  privacyAgreementVersion: string;
  privacyConsent: boolean;
}
export interface Application extends Omit<ApplicationBody, 'privacyConsent'> {
  id: string;
  applicantId: string;
  status: ApplicationStatus;
  rulesVersion: string;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  history: { status: ApplicationStatus; at: string; by: string | null }[];
}
export interface ApplicationReview extends Application {
  applicant: PublicProfile | null;
  earlierApplications: Application[];
}

export interface PrivacyAgreement {
  version: string;
  title: string;
  body: string;
}

export type ReportTarget = 'post' | 'comment' | 'message';
export interface Report {
  id: string;
  targetType: ReportTarget;
  targetId: string;
  reason: string;
  status: string;
  reporterId?: string;
  createdAt: string;
  [extra: string]: unknown;
}

export interface AuditEntry {
  id: string;
  /** `null` for what the system did itself (the admin created from the environment). */
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: unknown;
  at: string;
}

export interface ModeratedMember extends PublicProfile {
  email?: string;
  suspendedUntil?: string | null;
}

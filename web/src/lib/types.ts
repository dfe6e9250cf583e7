/**
 * The shapes of the API's answers, as the client reads them: names for the types generated
 * from the server's OpenAPI document (`api-schema.ts`, `npm run api:types`).
 */
import type { components } from './api-schema';

type Schemas = components['schemas'];

export type OperatorType = NonNullable<Schemas['PublicProfileDto']['operatorType']>;
export const OPERATOR_TYPES: readonly OperatorType[] = [
  'operations_assistant',
  'store_manager',
  'operations_director',
  'product_manager',
];
export type Role = Schemas['PublicProfileDto']['role'];
export type Tier = Schemas['PublicProfileDto']['tier'];
export type Visibility = Schemas['PostResponseDto']['visibility'];
export const VISIBILITIES: readonly Visibility[] = ['public', 'members', 'golden_crown'];

/** Every list answer: `{items, nextCursor}` (the generated `*PageDto`s, for any item). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PublicProfile = Schemas['PublicProfileDto'];
export type OwnProfile = Schemas['MyProfileDto'];
export type AuthAnswer = Schemas['AuthResponseDto'];

export type PostAuthor = Schemas['PostAuthorDto'];
export type Post = Schemas['PostResponseDto'];
/** A post in a list: `excerpt` instead of the body. */
export type PostSummary = Schemas['PostSummaryDto'];
export type PostPreview = Schemas['PostPreviewDto'];
export type Comment = Schemas['CommentResponseDto'];
export type TagCount = Schemas['TagCountDto'];
export type LikeState = Schemas['LikeStateDto'];
export type MentionSuggestion = Schemas['MentionSuggestionDto'];

export type RoomKind = Schemas['RoomDto']['kind'];
export type Room = Schemas['RoomDto'];
export type ChatMessage = Schemas['MessageDto'];
export type ChatTombstone = Schemas['MessageTombstoneDto'];
export type HistoryItem = ChatMessage | ChatTombstone;
/** A room as `GET /api/rooms` lists it, with the reader's position in it. */
export type RoomListItem = Schemas['RoomListItemDto'];
/** A direct conversation in the inbox. */
export type Conversation = Schemas['ConversationDto'];
export type ConversationMember = Schemas['ConversationMemberDto'];
export type BlockedMember = Schemas['BlockedMemberDto'];

/**
 * `data` names the actor (`actorId`, `actorName`) and what it is about (`postId`, …). The
 * client also describes types a newer server may send: it reads `type` as any string.
 */
export type Notification = Omit<Schemas['NotificationDto'], 'type'> & { type: string };

export type OrganizationType = Schemas['ApplicationDto']['organizationType'];
export const ORGANIZATION_TYPES: readonly OrganizationType[] = [
  'brand',
  'merchant',
  'manufacturer',
  'distributor',
  'third_party_service_provider',
];

export type GoldenCrownRules = Schemas['GoldenCrownRulesDto'];
export type EligibilityReason = Schemas['EligibilityReasonDto'];
export type Eligibility = Schemas['EligibilityDto'];

export type ApplicationStatus = Schemas['ApplicationDto']['status'];
/** The form always sends the agreement version and the consent the server then checks. */
export type ApplicationBody = Required<Schemas['CreateApplicationDto']>;
export type Application = Schemas['ApplicationDto'];
/** The member's own applications, and `reapplyAt` while a rejection holds them back. */
export type MyApplications = Schemas['MyApplicationsDto'];
export type ApplicationReview = Schemas['ApplicationReviewDto'];

export type PrivacyAgreement = Schemas['PrivacyAgreementDto'];

export type ReportTarget = Schemas['ReportDto']['targetType'];
/** A report in the moderators' queue: the reported content, its author, the reporter. */
export type Report = Schemas['ReportQueueItemDto'];
export type ReportedContent = Schemas['ReportedContentDto'];
/** A member as lists name them; `erased` once they deleted their account. */
export type MemberName = Schemas['MemberNameDto'];
/** An application in the moderators' queue, with its applicant's name. */
export type QueuedApplication = Schemas['ApplicationQueueItemDto'];

/**
 * `actor` is `null` for what the system did itself (the admin created from the environment);
 * `member` is whom the action concerns.
 */
export type AuditEntry = Schemas['AuditLogEntryDto'];
export type MailSuppression = Schemas['MailSuppressionDto'];

export type ModeratedMember = Schemas['ModeratedMemberDto'];

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MemberNameDto, PublicProfileDto } from '../../members/dto/member.dto';
import { REASON_CODES, RULE_NAMES, type ReasonCode, type RuleName } from '../golden-crown.rules';
import type { ApplicationHistoryEntry } from '../application-history.entity';
import type { ApplicationVote } from '../application-vote.entity';
import type { MembershipApplication } from '../membership-application.entity';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  ORGANIZATION_TYPES,
  type ApplicationKind,
  type ApplicationStatus,
  type OrganizationType,
} from '../membership.types';

export class GoldenCrownRulesDto {
  @ApiProperty({ example: '2026-01+70000000' }) version!: string;
  @ApiProperty({ example: 70_000_000 }) minAnnualTurnoverCny!: number;
  @ApiProperty({ enum: [true] }) decisionMakerRequired!: true;
  @ApiProperty({ enum: [true] }) thirdPartyServiceProvidersExcluded!: true;
  @ApiProperty({ example: '2026-01' }) privacyAgreementVersion!: string;
  @ApiProperty({ example: 30 }) reapplyAfterDays!: number;
  @ApiProperty({ example: 1, description: 'Distinct approving moderators that decide' })
  approvalsRequired!: number;
  @ApiProperty({ example: 365, description: 'Days a term lasts' }) termDays!: number;
  @ApiProperty({
    example: 90,
    description: "Days after the decision an application's evidence is kept",
  })
  evidenceRetentionDays!: number;
}

export class EligibilityReasonDto {
  @ApiProperty({ enum: RULE_NAMES }) rule!: RuleName;
  @ApiProperty({ enum: REASON_CODES }) code!: ReasonCode;
  @ApiProperty({ description: "In the caller's language (Accept-Language)" }) message!: string;
}

export class EligibilityDto {
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [EligibilityReasonDto], description: 'Every failed rule' })
  reasons!: EligibilityReasonDto[];
}

export class ApplicationHistoryItemDto {
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty() at!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The applicant or the moderator',
  })
  by!: string | null;
  @ApiPropertyOptional({
    enum: ['approve'],
    description:
      "Only on a committee member's vote (status `pending`), above one approval required",
  })
  vote?: 'approve';
}

export class ApplicationApprovalDto {
  @ApiProperty({ format: 'uuid', description: 'The approving moderator' }) by!: string;
  @ApiProperty() at!: string;
}

/** An approving vote as moderators review it: with the voter's name. */
export class ReviewedApprovalDto extends ApplicationApprovalDto {
  @ApiProperty({
    type: MemberNameDto,
    nullable: true,
    description: "The approving moderator's name (`deleted member` once erased)",
  })
  voter!: MemberNameDto | null;
}

/** A file an application cites as evidence: only its applicant and moderators may open it. */
export class EvidenceFileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Under /api/uploads/' }) url!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ type: 'integer' }) bytes!: number;
}

export class ApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicantId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  @ApiProperty({ enum: APPLICATION_KINDS, description: '`renewal` inside the renewal window' })
  kind!: ApplicationKind;
  @ApiProperty() companyName!: string;
  @ApiProperty({ type: 'integer' }) annualTurnoverCny!: number;
  @ApiProperty() isDecisionMaker!: boolean;
  @ApiProperty() jobTitle!: string;
  @ApiProperty({ enum: ORGANIZATION_TYPES }) organizationType!: OrganizationType;
  @ApiProperty() motivation!: string;
  @ApiProperty() privacyAgreementVersion!: string;
  @ApiProperty() rulesVersion!: string;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [ApplicationHistoryItemDto], description: 'Oldest first, from `pending`' })
  history!: ApplicationHistoryItemDto[];
  @ApiProperty({ type: [ApplicationApprovalDto], description: 'Approving votes, oldest first' })
  approvals!: ApplicationApprovalDto[];
  @ApiProperty({ description: 'Distinct approvals that approve it (the setting in force)' })
  approvalsRequired!: number;
  @ApiProperty({
    type: [EvidenceFileDto],
    description: 'Files it cites as evidence, oldest first (deleted after the retention period)',
  })
  evidence!: EvidenceFileDto[];
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationDto] }) items!: ApplicationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The member's own applications, and when they may apply again after a rejection. */
export class MyApplicationsDto extends ApplicationPageDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'While a rejection holds the member back: the moment they may apply again (the decision plus `reapplyAfterDays`); `null` when nothing does',
  })
  reapplyAt!: string | null;
}

/** What a moderator reviews: the application, who sent it, and what they sent before. */
export class ApplicationReviewDto extends ApplicationDto {
  @ApiProperty({ type: [ReviewedApprovalDto], description: 'Approving votes, oldest first' })
  declare approvals: ReviewedApprovalDto[];

  @ApiProperty({ type: PublicProfileDto, nullable: true, description: '`null` once erased' })
  applicant!: PublicProfileDto | null;

  @ApiProperty({
    type: [ApplicationDto],
    description: "The applicant's earlier applications, newest first",
  })
  earlierApplications!: ApplicationDto[];
}

/** An application as its applicant and moderators see it (nobody else sees one). */
export function toApplicationDto(
  application: MembershipApplication,
  history: ApplicationHistoryEntry[],
  votes: ApplicationVote[],
  approvalsRequired: number,
  evidence: EvidenceFileDto[] = [],
): ApplicationDto {
  return {
    id: application.id,
    applicantId: application.applicantId,
    status: application.status,
    kind: application.kind,
    companyName: application.companyName,
    annualTurnoverCny: application.annualTurnoverCny,
    isDecisionMaker: application.isDecisionMaker,
    jobTitle: application.jobTitle,
    organizationType: application.organizationType,
    motivation: application.motivation,
    privacyAgreementVersion: application.privacyAgreementVersion,
    rulesVersion: application.rulesVersion,
    decisionReason: application.decisionReason,
    decidedBy: application.decidedBy,
    decidedAt: application.decidedAt?.toISOString() ?? null,
    createdAt: application.createdAt.toISOString(),
    history: history.map((entry) => ({
      status: entry.status,
      at: entry.at.toISOString(),
      by: entry.actorId,
      ...(entry.vote ? { vote: entry.vote } : {}),
    })),
    approvals: votes.map((vote) => ({ by: vote.moderatorId, at: vote.at.toISOString() })),
    approvalsRequired,
    evidence,
  };
}

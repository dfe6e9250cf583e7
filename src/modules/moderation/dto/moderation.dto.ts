import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length, MinDate } from 'class-validator';
import { PageQuery, Trim, TrimmedText } from '../../../common/validation/decorators';
import { MemberNameDto, ModeratedMemberDto } from '../../members/dto/member.dto';
import type { AuditLogEntry } from '../../audit/audit-log.entity';
import {
  REPORT_ACTIONS,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
  type Report,
  type ReportAction,
  type ReportStatus,
  type ReportTargetType,
} from '../report.entity';

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_TARGET_TYPES })
  @IsIn(REPORT_TARGET_TYPES)
  targetType!: ReportTargetType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  targetId!: string;

  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @TrimmedText(1, 1000)
  reason!: string;
}

export class ListReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status: ReportStatus = 'open';
}

export class ResolveReportDto {
  @ApiProperty({ enum: REPORT_ACTIONS })
  @IsIn(REPORT_ACTIONS)
  action!: ReportAction;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @TrimmedText(1, 1000)
  note?: string;
}

export class SuspendDto {
  @ApiProperty({ description: 'ISO-8601 time the suspension ends; in the future' })
  @Type(() => Date)
  @IsDate({ message: 'until must be an ISO-8601 date-time' })
  @MinDate(() => new Date(), {
    message: 'until must be in the future',
    context: { zh: '须为将来的时间' },
  })
  until!: Date;

  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @TrimmedText(1, 1000)
  reason!: string;
}

export class SearchMembersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of a display name or email' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) reporterId!: string;
  @ApiProperty({ enum: REPORT_TARGET_TYPES }) targetType!: ReportTargetType;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) targetAuthorId!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ enum: REPORT_ACTIONS, nullable: true }) action!: ReportAction | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resolvedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ReportedContentPlaceDto {
  @ApiProperty({ enum: ['post', 'room', 'conversation'] }) type!: 'post' | 'room' | 'conversation';
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description: "The post's title, the room's name, or a direct conversation's members' names",
  })
  title!: string;
}

/** A message before a reported one. */
export class ReportedContextMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ type: String, nullable: true, description: '`null` for a deleted message' })
  text!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ReportedContentDto {
  @ApiProperty({
    description:
      "Plain text to judge it by: a post's excerpt, a comment's text (its first 1,000 characters), a message",
  })
  text!: string;
  @ApiProperty({
    type: ReportedContentPlaceDto,
    description: 'The post a comment is on (a post: itself), or the room of a message',
  })
  place!: ReportedContentPlaceDto;
  @ApiProperty({
    enum: ['deleted', 'hidden'],
    nullable: true,
    description: '`deleted` by its author, `hidden` by a moderator, `null` while members see it',
  })
  removed!: 'deleted' | 'hidden' | null;
  @ApiPropertyOptional({
    type: [ReportedContextMessageDto],
    description:
      'A reported message: the five messages before it (the only part of a direct conversation moderators see)',
  })
  context?: ReportedContextMessageDto[];
}

/** A report in the moderators' queue: what was reported, by whom, and whose it is. */
export class ReportQueueItemDto extends ReportDto {
  @ApiProperty({ type: MemberNameDto, nullable: true }) reporter!: MemberNameDto | null;
  @ApiProperty({ type: MemberNameDto, nullable: true, description: "The content's author" })
  targetAuthor!: MemberNameDto | null;
  @ApiProperty({ type: MemberNameDto, nullable: true }) resolver!: MemberNameDto | null;
  @ApiProperty({
    type: ReportedContentDto,
    nullable: true,
    description: 'Hidden and deleted content included; `null` when it no longer exists',
  })
  content!: ReportedContentDto | null;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportQueueItemDto] }) items!: ReportQueueItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ModeratedMemberPageDto {
  @ApiProperty({ type: [ModeratedMemberDto] }) items!: ModeratedMemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export function toReportResponse(report: Report): ReportDto {
  return {
    id: report.id,
    reporterId: report.reporterId,
    targetType: report.targetType,
    targetId: report.targetId,
    targetAuthorId: report.targetAuthorId,
    reason: report.reason,
    status: report.status,
    action: report.action,
    note: report.resolutionNote,
    resolvedBy: report.resolvedBy,
    resolvedAt: report.resolvedAt?.toISOString() ?? null,
    createdAt: report.createdAt.toISOString(),
  };
}

export class AuditLogEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({
    type: MemberNameDto,
    nullable: true,
    description: '`null` for what the system did itself',
  })
  actor!: MemberNameDto | null;
  @ApiProperty() action!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({
    type: MemberNameDto,
    nullable: true,
    description:
      'The member the action concerns: the target member, or the author or applicant the detail names',
  })
  member!: MemberNameDto | null;
  @ApiProperty({ type: Object, additionalProperties: true }) detail!: Record<string, unknown>;
  @ApiProperty() at!: string;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogEntryDto] }) items!: AuditLogEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/**
 * The member an audit entry is about: its target, or the author, applicant or member
 * (`memberId`: whose mail an undeliverable address was) its detail names.
 */
export function auditedMemberId(entry: AuditLogEntry): string | null {
  if (entry.targetType === 'member') return entry.targetId;
  for (const key of ['authorId', 'applicantId', 'memberId']) {
    const value = entry.detail[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

export function toAuditLogResponse(
  entry: AuditLogEntry,
  names: ReadonlyMap<string, MemberNameDto>,
): AuditLogEntryDto {
  const memberId = auditedMemberId(entry);
  return {
    id: entry.id,
    actorId: entry.actorId,
    actor: entry.actorId ? (names.get(entry.actorId) ?? null) : null,
    member: memberId ? (names.get(memberId) ?? null) : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: entry.detail,
    at: entry.at.toISOString(),
  };
}

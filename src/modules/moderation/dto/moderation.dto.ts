import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length, MinDate } from 'class-validator';
import { PageQuery, Trim, TrimmedText } from '../../../common/validation/decorators';
import { ModeratedMemberDto } from '../../members/dto/member.dto';
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

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto] }) items!: ReportDto[];
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
  @ApiProperty() action!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty({ format: 'uuid' }) targetId!: string;
  @ApiProperty({ type: Object, additionalProperties: true }) detail!: Record<string, unknown>;
  @ApiProperty() at!: string;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogEntryDto] }) items!: AuditLogEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export function toAuditLogResponse(entry: AuditLogEntry): AuditLogEntryDto {
  return {
    id: entry.id,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: entry.detail,
    at: entry.at.toISOString(),
  };
}

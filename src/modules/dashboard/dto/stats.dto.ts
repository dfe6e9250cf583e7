import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { REASON_CODES } from '../../membership/golden-crown.rules';

export const STATS_BUCKETS = ['day', 'week'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = {
  message: '$property must be a date as YYYY-MM-DD',
  context: { zh: '须为 YYYY-MM-DD 格式的日期' },
};

export class StatsQuery {
  @ApiPropertyOptional({
    description: 'First UTC day, `YYYY-MM-DD`; default 29 days before `to`',
    example: '2026-11-01',
  })
  @IsOptional()
  @Matches(ISO_DAY, DAY_MESSAGE)
  from?: string;

  @ApiPropertyOptional({
    description: 'Last UTC day, `YYYY-MM-DD`; default today',
    example: '2026-11-30',
  })
  @IsOptional()
  @Matches(ISO_DAY, DAY_MESSAGE)
  to?: string;

  @ApiPropertyOptional({
    enum: STATS_BUCKETS,
    default: 'day',
    description: 'UTC days, or ISO weeks (from Monday; the range grows to whole weeks)',
  })
  @IsOptional()
  @IsIn(STATS_BUCKETS)
  bucket: StatsBucket = 'day';
}

export class BucketCountDto {
  @ApiProperty({ description: 'The bucket’s first instant (UTC midnight; a Monday for weeks)' })
  start!: string;

  @ApiProperty()
  count!: number;
}

export class OperatorTypeCountsDto {
  @ApiProperty() operations_assistant!: number;
  @ApiProperty() store_manager!: number;
  @ApiProperty() operations_director!: number;
  @ApiProperty() product_manager!: number;
  @ApiProperty({ description: 'Members without an operator type' }) unspecified!: number;
}

export class TierCountsDto {
  @ApiProperty() standard!: number;
  @ApiProperty() golden_crown!: number;
}

export class MemberStatsDto {
  @ApiProperty({ description: 'Members now (erased accounts excluded)' })
  total!: number;

  @ApiProperty({ type: OperatorTypeCountsDto })
  byOperatorType!: OperatorTypeCountsDto;

  @ApiProperty({ type: TierCountsDto })
  byTier!: TierCountsDto;

  @ApiProperty({ type: [BucketCountDto] })
  newPerBucket!: BucketCountDto[];
}

export class ActivityStatsDto {
  @ApiProperty({ type: [BucketCountDto] }) postsPerBucket!: BucketCountDto[];
  @ApiProperty({ type: [BucketCountDto] }) commentsPerBucket!: BucketCountDto[];
  @ApiProperty({ type: [BucketCountDto] }) messagesPerBucket!: BucketCountDto[];

  @ApiProperty({
    type: [BucketCountDto],
    description: 'Members who wrote a post, comment or message in the bucket',
  })
  activeMembersPerBucket!: BucketCountDto[];
}

export class RefusedByRuleDto implements Record<(typeof REASON_CODES)[number], number> {
  @ApiProperty() TURNOVER_BELOW_MINIMUM!: number;
  @ApiProperty() NOT_DECISION_MAKER!: number;
  @ApiProperty() THIRD_PARTY_SERVICE_PROVIDER!: number;
}

export class ApplicationStatsDto {
  @ApiProperty({ description: 'Submitted in the range' }) submitted!: number;
  @ApiProperty({ description: 'Approved in the range (by decision time)' }) approved!: number;
  @ApiProperty({ description: 'Rejected in the range (by decision time)' }) rejected!: number;
  @ApiProperty({ description: 'Withdrawn in the range' }) withdrawn!: number;
  @ApiProperty({ description: 'Pending now' }) pending!: number;

  @ApiProperty({
    type: RefusedByRuleDto,
    description: 'Refused eligibility pre-checks in the range, per failed rule',
  })
  refusedAtPreCheckByRule!: RefusedByRuleDto;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median hours from submission to approval or rejection, of decisions in the range',
  })
  medianHoursToDecision!: number | null;
}

export class ModerationStatsDto {
  @ApiProperty() reportsOpened!: number;
  @ApiProperty() reportsResolved!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Of reports resolved in the range' })
  medianHoursToResolve!: number | null;
}

export class StatsDto {
  @ApiProperty({ description: 'First UTC day counted' }) from!: string;
  @ApiProperty({ description: 'Last UTC day counted' }) to!: string;
  @ApiProperty({ enum: STATS_BUCKETS }) bucket!: StatsBucket;
  @ApiProperty({ description: 'When the figures were computed (at most 10 s before)' })
  computedAt!: string;

  @ApiProperty({ type: MemberStatsDto }) members!: MemberStatsDto;
  @ApiProperty({ type: ActivityStatsDto }) activity!: ActivityStatsDto;
  @ApiProperty({ type: ApplicationStatsDto }) applications!: ApplicationStatsDto;
  @ApiProperty({ type: ModerationStatsDto }) moderation!: ModerationStatsDto;
}

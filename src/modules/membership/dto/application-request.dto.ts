import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Allow,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery, TrimmedText } from '../../../common/validation/decorators';
import {
  APPLICATION_STATUSES,
  COMPANY_NAME_MAX,
  DECISION_REASON_MAX,
  DECISIONS,
  EVIDENCE_MAX,
  JOB_TITLE_MAX,
  MAX_ANNUAL_TURNOVER_CNY,
  MOTIVATION_MAX,
  ORGANIZATION_TYPES,
  type ApplicationStatus,
  type Decision,
  type OrganizationType,
} from '../membership.types';

/** The three answers the rules read. Strict JSON types: no strings for numbers or booleans. */
export class GoldenCrownCriteriaDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_ANNUAL_TURNOVER_CNY,
    example: 85_000_000,
    description: 'Whole CNY (yuan), a JSON integer',
  })
  @IsInt({ message: 'annualTurnoverCny must be a whole number of CNY given as a JSON integer' })
  @Min(0)
  @Max(MAX_ANNUAL_TURNOVER_CNY)
  annualTurnoverCny!: number;

  @ApiProperty({ description: 'A JSON boolean' })
  @IsBoolean({ message: 'isDecisionMaker must be a JSON boolean (true or false)' })
  isDecisionMaker!: boolean;

  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES)
  organizationType!: OrganizationType;
}

/**
 * The pre-check takes the whole application form, so a client can send what it has;
 * only the three answers the rules read are required, and the rest is ignored.
 */
export class EligibilityCheckDto extends GoldenCrownCriteriaDto {
  @ApiPropertyOptional({ description: 'Accepted and ignored' }) @Allow() companyName?: unknown;
  @ApiPropertyOptional({ description: 'Accepted and ignored' }) @Allow() jobTitle?: unknown;
  @ApiPropertyOptional({ description: 'Accepted and ignored' }) @Allow() motivation?: unknown;
  @ApiPropertyOptional({ description: 'Accepted and ignored' })
  @Allow()
  privacyAgreementVersion?: unknown;
  @ApiPropertyOptional({ description: 'Accepted and ignored' }) @Allow() privacyConsent?: unknown;
}

export class CreateApplicationDto extends GoldenCrownCriteriaDto {
  @ApiProperty({ minLength: 1, maxLength: COMPANY_NAME_MAX, example: '杭州某某电子商务有限公司' })
  @TrimmedText(1, COMPANY_NAME_MAX)
  companyName!: string;

  @ApiProperty({ minLength: 1, maxLength: JOB_TITLE_MAX, example: 'CEO' })
  @TrimmedText(1, JOB_TITLE_MAX)
  jobTitle!: string;

  @ApiProperty({ minLength: 1, maxLength: MOTIVATION_MAX, example: 'why join' })
  @TrimmedText(1, MOTIVATION_MAX)
  motivation!: string;

  /** Checked against the current agreement after validation: a wrong one is `422`, not `400`. */
  @ApiPropertyOptional({ example: '2026-01', description: 'Must be the current agreement version' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  privacyAgreementVersion?: string;

  @ApiPropertyOptional({ description: 'Must be `true`' })
  @IsOptional()
  @IsBoolean({ message: 'privacyConsent must be a JSON boolean' })
  privacyConsent?: boolean;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: EVIDENCE_MAX,
    description:
      "Proof of turnover: the applicant's own `application_evidence` uploads that no other application cites",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVIDENCE_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  evidenceUploadIds?: string[];
}

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision!: Decision;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: DECISION_REASON_MAX,
    description: 'Required to reject',
  })
  @ValidateIf((dto: DecisionDto) => dto.decision === 'reject' || dto.reason !== undefined)
  @TrimmedText(1, DECISION_REASON_MAX)
  reason?: string;
}

export class RevokeTierDto {
  @ApiProperty({
    enum: ['standard'],
    description: 'Only a revocation to `standard`: approval grants Golden Crown',
  })
  @IsIn(['standard'])
  tier!: 'standard';

  @ApiProperty({ minLength: 1, maxLength: DECISION_REASON_MAX })
  @TrimmedText(1, DECISION_REASON_MAX)
  reason!: string;
}

export class ReviewQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status: ApplicationStatus = 'pending';
}

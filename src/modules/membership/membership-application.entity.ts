import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type ValueTransformer,
} from 'typeorm';
import { Member } from '../members/member.entity';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  ORGANIZATION_TYPES,
  type ApplicationKind,
  type ApplicationStatus,
  type OrganizationType,
} from './membership.types';

/**
 * `bigint` columns come back from the driver as strings. Turnover is validated to at most
 * 10^13, well inside JavaScript's safe integers, so it is a `number` in the code.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null): number | null => {
    if (value === null) return null;
    const number = Number(value);
    if (!Number.isSafeInteger(number)) throw new RangeError('bigint value is not a safe integer');
    return number;
  },
};

export const PENDING_APPLICATION_INDEX = 'UQ_membership_applications_one_pending';

/**
 * An application to the Golden Crown Club. The database holds at most one `pending`
 * application per member (a partial unique index), whatever the timing of requests.
 */
@Entity('membership_applications')
@Index(PENDING_APPLICATION_INDEX, ['applicantId'], { unique: true, where: `status = 'pending'` })
@Index('IDX_membership_applications_applicant', ['applicantId', 'createdAt'])
@Index('IDX_membership_applications_queue', ['status', 'createdAt', 'id'])
export class MembershipApplication {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'applicant_id', type: 'uuid' })
  applicantId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'applicant_id' })
  applicant?: Member;

  @Column({ type: 'enum', enum: APPLICATION_STATUSES, default: 'pending' })
  status!: ApplicationStatus;

  /** `renewal` when a Golden Crown member applied inside their renewal window. */
  @Column({ type: 'enum', enum: APPLICATION_KINDS, default: 'application' })
  kind!: ApplicationKind;

  @Column({ name: 'company_name', type: 'varchar', length: 200 })
  companyName!: string;

  @Column({ name: 'annual_turnover_cny', type: 'bigint', transformer: bigintAsNumber })
  annualTurnoverCny!: number;

  @Column({ name: 'is_decision_maker', type: 'boolean' })
  isDecisionMaker!: boolean;

  @Column({ name: 'job_title', type: 'varchar', length: 100 })
  jobTitle!: string;

  @Column({ name: 'organization_type', type: 'enum', enum: ORGANIZATION_TYPES })
  organizationType!: OrganizationType;

  @Column({ type: 'varchar', length: 2000 })
  motivation!: string;

  @Column({ name: 'privacy_agreement_version', type: 'varchar', length: 32 })
  privacyAgreementVersion!: string;

  /** The version of the rule set the application was judged under. */
  @Column({ name: 'rules_version', type: 'varchar', length: 64 })
  rulesVersion!: string;

  @Column({ name: 'decision_reason', type: 'varchar', length: 1000, nullable: true })
  decisionReason!: string | null;

  /** The moderator who approved or rejected it (a withdrawal is no decision). */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ManyToOne(() => Member, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by' })
  decider?: Member;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Millisecond precision, so a cursor made from a JavaScript `Date` is exact. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

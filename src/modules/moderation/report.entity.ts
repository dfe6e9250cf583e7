import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Member } from '../members/member.entity';

export const REPORT_TARGET_TYPES = ['post', 'comment', 'message'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

export const REPORT_STATUSES = ['open', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_ACTIONS = ['dismiss', 'hide_content'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

@Entity('reports')
@Index('IDX_reports_status_created', ['status', 'createdAt', 'id'])
@Index('IDX_reports_created', ['createdAt'])
@Index('IDX_reports_resolved', ['resolvedAt'])
/** One open report per reporter and target, enforced by the database. */
@Index('UQ_reports_open_per_reporter_target', ['reporterId', 'targetType', 'targetId'], {
  unique: true,
  where: `status = 'open'`,
})
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'reporter_id', type: 'uuid' })
  reporterId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id' })
  reporter?: Member;

  @Column({ name: 'target_type', type: 'enum', enum: REPORT_TARGET_TYPES })
  targetType!: ReportTargetType;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId!: string;

  /** The author of the reported content when the report was made. */
  @Column({ name: 'target_author_id', type: 'uuid', nullable: true })
  targetAuthorId!: string | null;

  @Column({ type: 'varchar', length: 1000 })
  reason!: string;

  @Column({ type: 'enum', enum: REPORT_STATUSES, default: 'open' })
  status!: ReportStatus;

  @Column({ type: 'enum', enum: REPORT_ACTIONS, nullable: true })
  action!: ReportAction | null;

  @Column({ name: 'resolution_note', type: 'varchar', length: 1000, nullable: true })
  resolutionNote!: string | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** Millisecond precision, so a cursor made from a JavaScript `Date` is exact. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

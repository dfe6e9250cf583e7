import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MembershipApplication } from './membership-application.entity';
import { APPLICATION_STATUSES, type ApplicationStatus } from './membership.types';

/** Every status an application has had: who moved it there, and when. Append-only. */
@Entity('membership_application_history')
@Index('IDX_membership_application_history_application', ['applicationId', 'at'])
export class ApplicationHistoryEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => MembershipApplication, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: MembershipApplication;

  @Column({ type: 'enum', enum: APPLICATION_STATUSES })
  status!: ApplicationStatus;

  /** `approve` on a committee member's vote (status `pending`); `null` on a status change. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  vote!: 'approve' | null;

  /** The applicant (pending, withdrawn) or the moderator (a vote, approved, rejected). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

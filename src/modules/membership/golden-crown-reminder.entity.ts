import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity';

const PK = 'PK_golden_crown_reminders';

/**
 * A reminder sent for one term (`termUntil`) of a member, `daysBefore` its end: the sweep
 * claims the row before it notifies, so each reminder goes out once, whatever the processes.
 */
@Entity('golden_crown_reminders')
export class GoldenCrownReminder {
  @PrimaryColumn({ name: 'member_id', type: 'uuid', primaryKeyConstraintName: PK })
  memberId!: string;

  @PrimaryColumn({
    name: 'term_until',
    type: 'timestamptz',
    precision: 3,
    primaryKeyConstraintName: PK,
  })
  termUntil!: Date;

  @PrimaryColumn({ name: 'days_before', type: 'integer', primaryKeyConstraintName: PK })
  daysBefore!: number;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_golden_crown_reminders_member' })
  member?: Member;

  @CreateDateColumn({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}

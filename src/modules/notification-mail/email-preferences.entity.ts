import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Member } from '../members/member.entity';
import type { DigestPeriod, KindMode } from './email-preferences';

/**
 * A member's mail choices and where their digest stands. A member without a row has the
 * defaults; the row is made by their first change or their first digest.
 */
@Entity('email_preferences')
export class EmailPreferences {
  @PrimaryColumn({
    name: 'member_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_email_preferences',
  })
  memberId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_email_preferences_member' })
  member?: Member;

  @Column({ type: 'varchar', length: 8, default: 'daily' })
  digest!: DigestPeriod;

  /** The member's choice per notification kind; a kind not named has its default. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  kinds!: Partial<Record<string, KindMode>>;

  /** When the last digest was due and handled (sent, or skipped as empty); the clock's time. */
  @Column({ name: 'last_digest_at', type: 'timestamptz', precision: 3, nullable: true })
  lastDigestAt!: Date | null;

  /**
   * The notifications' own time (`created_at`, the database's clock) up to which the digests
   * have read: the next digest lists what was stored after it.
   */
  @Column({ name: 'digest_read_until', type: 'timestamptz', precision: 3, nullable: true })
  digestReadUntil!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

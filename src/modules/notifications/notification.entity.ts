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

export const NOTIFICATION_TYPES = [
  'application_decided',
  'comment_on_post',
  'reply_to_comment',
  'report_resolved',
  'tier_revoked',
  'member_suspended',
  // Made by features that come with the network and the Golden Crown term; named here so
  // members can choose their mail for them already.
  'mention',
  'new_follower',
  'direct_message',
  'golden_crown_expiring',
  'golden_crown_lapsed',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

@Entity('notifications')
@Index('IDX_notifications_member_created', ['memberId', 'createdAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column({ type: 'varchar', length: 40 })
  type!: NotificationType;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  /** Millisecond precision, so a cursor made from a JavaScript `Date` is exact. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

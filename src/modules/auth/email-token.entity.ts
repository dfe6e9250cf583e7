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

/** What a mailed address link proves: the member's own address, or a new one to change to. */
export type EmailTokenPurpose = 'verify' | 'change';

/**
 * The token of a link mailed to prove an address (`/verify-email?token=…`), stored as its
 * SHA-256 hash and used once: `verify` sets the member's `emailVerifiedAt` while their
 * address is still `email`; `change` makes `email` their address, verified.
 */
@Entity('email_tokens')
@Index('UQ_email_tokens_hash', ['tokenHash'], { unique: true })
@Index('IDX_email_tokens_member', ['memberId'])
export class EmailToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_email_tokens' })
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_email_tokens_member' })
  member?: Member;

  @Column({ type: 'varchar', length: 16 })
  purpose!: EmailTokenPurpose;

  /** The address the link was mailed to (lower-cased). */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

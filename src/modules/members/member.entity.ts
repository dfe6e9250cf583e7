import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import {
  DM_FROM,
  OPERATOR_TYPES,
  ROLES,
  TIERS,
  type DmFrom,
  type OperatorType,
  type Role,
  type Tier,
} from './member.types';
import type { Language } from '../../common/i18n/language';

@Entity('members')
@Index('UQ_members_email', ['email'], { unique: true, where: 'email IS NOT NULL' })
// The directory's indexes (partial, GIN): created by hand in the migration.
@Index('IDX_members_directory', { synchronize: false })
@Index('IDX_members_search_tokens', { synchronize: false })
@Index('IDX_members_expertise', { synchronize: false })
// Terms that end (partial, Golden Crown members only): created by hand in the migration.
@Index('IDX_members_golden_crown_until', { synchronize: false })
@Index('IDX_members_directory_tier', { synchronize: false })
@Index('IDX_members_directory_operator_type', { synchronize: false })
export class Member {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased; `null` once the member has erased their account. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 50 })
  displayName!: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  bio!: string;

  @Column({ type: 'varchar', length: 100, default: '' })
  company!: string;

  @Column({ name: 'operator_type', type: 'enum', enum: OPERATOR_TYPES, nullable: true })
  operatorType!: OperatorType | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  expertise!: string[];

  /** The member's avatar (an upload of purpose `avatar`); `null` without one. */
  @Column({ name: 'avatar_upload_id', type: 'uuid', nullable: true })
  avatarUploadId!: string | null;

  /** Whether the member appears in the directory (`GET /api/members`). */
  @Column({ name: 'listed_in_directory', type: 'boolean', default: true })
  listedInDirectory!: boolean;

  /** `false`: only the member and moderators see `company`. */
  @Column({ name: 'show_company', type: 'boolean', default: true })
  showCompany!: boolean;

  /** Who may start a direct conversation with the member. */
  @Column({ name: 'dm_from', type: 'enum', enum: DM_FROM, default: 'everyone' })
  dmFrom!: DmFrom;

  /**
   * The directory's search tokens (see common/search/search-tokens.ts) of the display name,
   * the company while shown, and the expertise; kept by every profile change.
   */
  @Column({ name: 'search_tokens', type: 'text', array: true, default: () => "'{}'" })
  searchTokens!: string[];

  /** The display name's tokens: a match in the name ranks first. */
  @Column({ name: 'name_tokens', type: 'text', array: true, default: () => "'{}'" })
  nameTokens!: string[];

  @Column({ type: 'enum', enum: ROLES, default: 'member' })
  role!: Role;

  @Column({ type: 'enum', enum: TIERS, default: 'standard' })
  tier!: Tier;

  /**
   * The end of the member's Golden Crown term. Kept after a lapse (the tier says whether it
   * holds), `null` when the member never had a term or had Golden Crown revoked.
   */
  @Column({ name: 'golden_crown_until', type: 'timestamptz', precision: 3, nullable: true })
  goldenCrownUntil!: Date | null;

  @Column({ name: 'suspended_until', type: 'timestamptz', nullable: true })
  suspendedUntil!: Date | null;

  @Column({ name: 'suspension_reason', type: 'varchar', length: 1000, nullable: true })
  suspensionReason!: string | null;

  /** The language of the member's mail, from `Accept-Language` at registration. */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  locale!: Language;

  /**
   * When the member proved the address is theirs (a verification or email change link, or a
   * password reset); `null` until then.
   */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** The last verification mail sent on request (`POST /api/auth/verify-email/resend`). */
  @Column({ name: 'verification_resent_at', type: 'timestamptz', nullable: true })
  verificationResentAt!: Date | null;

  /** Set when the member erased their account: personal data is gone, content stays. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

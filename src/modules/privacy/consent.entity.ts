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

/** Why a consent was given. */
export const CONSENT_PURPOSES = ['golden_crown_application'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * One consent to the privacy agreement: who, to which version, when, and what it covered
 * (the purpose and the record it was given with, such as an application). Append-only.
 */
@Entity('consents')
@Index('IDX_consents_member', ['memberId', 'consentedAt'])
export class Consent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column({ name: 'agreement_version', type: 'varchar', length: 32 })
  agreementVersion!: string;

  @Column({ type: 'varchar', length: 64 })
  purpose!: ConsentPurpose;

  /** The record the consent was given with (for `golden_crown_application`: the application). */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @CreateDateColumn({ name: 'consented_at', type: 'timestamptz' })
  consentedAt!: Date;
}

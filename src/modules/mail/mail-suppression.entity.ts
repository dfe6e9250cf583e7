import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An address the mail server refused for good: a 5xx answer to `RCPT TO`. While the row
 * exists the worker sends nothing to the address (its mails end `suppressed`); a moderator
 * sees the list and may clear a row, after which mail goes again. Per address, not per
 * member: a member who changes their address gets mail at the new one.
 */
@Entity('mail_suppressions')
@Index('UQ_mail_suppressions_address', ['address'], { unique: true })
@Index('IDX_mail_suppressions_member', ['memberId'])
@Index('IDX_mail_suppressions_first_refused', ['firstRefusedAt', 'id'])
export class MailSuppression {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased, as members' addresses are stored. */
  @Column({ type: 'varchar', length: 320 })
  address!: string;

  /** The server's reply code (`550`, `553`, …) of the latest refusal. */
  @Column({ type: 'int' })
  code!: number;

  /** The server's whole answer, at most 500 characters (`550 5.1.1 <…>: no such user`). */
  @Column({ type: 'text' })
  reason!: string;

  /** The member the refused mail was for, when it was for one (export and erasure). */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ name: 'first_refused_at', type: 'timestamptz', precision: 3 })
  firstRefusedAt!: Date;

  @Column({ name: 'last_refused_at', type: 'timestamptz', precision: 3 })
  lastRefusedAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'undeliverable' | 'suppressed';

/**
 * A mail, stored in the transaction of what caused it and sent later by `MailWorker`.
 * Rows stay after sending (what was sent, when, with which `Message-ID`).
 */
@Entity('mail_outbox')
@Index('IDX_mail_outbox_member', ['memberId'])
@Index('UQ_mail_outbox_message_id', ['messageId'], { unique: true })
// The worker's claim reads pending rows by next_attempt_at (partial index, made in the migration).
@Index('IDX_mail_outbox_due', { synchronize: false })
export class MailOutboxRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `<uuid@domain>`, set at enqueue: a retry sends the same message again, never a new one. */
  @Column({ name: 'message_id', type: 'varchar', length: 255 })
  messageId!: string;

  /** What the mail is (`email_verification`, `password_reset`, `digest`, …). */
  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  /** The member it is for, when it is for one (export and erasure find it by this). */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ name: 'to_address', type: 'varchar', length: 320 })
  toAddress!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody!: string | null;

  /** Extra headers (`List-Unsubscribe`, `List-Unsubscribe-Post`), name → value. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: OutboxStatus;

  /** Sending attempts started (claims). */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** A pending mail is sent at or after this; while a worker sends it, the end of its claim. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3 })
  nextAttemptAt!: Date;

  /** The last refusal or failure (an SMTP answer such as `550 5.1.1 no such user`). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', precision: 3, nullable: true })
  sentAt!: Date | null;
}

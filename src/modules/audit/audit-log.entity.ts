import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: no route updates or deletes a row. */
@Entity('audit_log')
@Index('IDX_audit_log_at', ['at', 'id'])
export class AuditLogEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `null` for actions the system takes itself (the first admin from the environment). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType!: string;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;

  /** Millisecond precision, so a cursor made from a JavaScript `Date` is exact. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  at!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One due time of one scheduled job. The primary key is the once-per-cluster rule: the
 * process whose insert (or take-over of an expired lease) succeeds runs it.
 */
@Entity('job_runs')
export class JobRun {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  job!: string;

  @PrimaryColumn({ name: 'due_at', type: 'timestamptz', precision: 3 })
  dueAt!: Date;

  /** Runs started for this due time (a failed or abandoned one is run again). */
  @Column({ type: 'int', default: 1 })
  attempts!: number;

  /** Until then no other process may start it; after a failure, when it may be retried. */
  @Column({ name: 'locked_until', type: 'timestamptz', precision: 3 })
  lockedUntil!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}

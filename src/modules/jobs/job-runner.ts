import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { loggableError } from '../../common/errors/loggable-error';
import {
  dueTimeOf,
  SCHEDULED_JOB_SOURCE,
  type ScheduledJob,
} from '../../common/jobs/scheduled-job';

/** How often each process looks for due jobs. A due time is run within this much of it. */
export const JOB_TICK_MS = 30_000;
const DEFAULT_LEASE_MS = 10 * 60_000;
/** A failed run is retried this long after it started (or at the next due time, if sooner). */
const RETRY_AFTER_MS = 60_000;
/** Runs older than this are deleted; only the latest due time of a job matters. */
const KEEP_RUNS_MS = 30 * 24 * 60 * 60_000;

export type JobOutcome = 'ran' | 'failed' | 'not-due';

/**
 * Runs every `@ScheduledJobSource()` once per due time across all processes that share
 * the database. Each process, every `JOB_TICK_MS`, computes each job's latest due time
 * and claims it in `job_runs` with one statement: the insert of `(job, due_at)` — or,
 * for a run that failed or whose process died, taking over its expired lease. Only the
 * process whose statement returns a row runs the job. No transaction is held while a
 * job runs (the embedded database serves one at a time).
 *
 * Tests drive it with `runDue(now)` (the once-per-cluster path, at any instant) or
 * `run(name, now)` (the job alone); the timer uses the injected `CLOCK`.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private jobs = new Map<string, ScheduledJob>();
  private timer?: NodeJS.Timeout;
  private ticking: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype;
      if (!metatype || !wrapper.instance) continue;
      if (Reflect.getMetadata(SCHEDULED_JOB_SOURCE, metatype) !== true) continue;
      const job = wrapper.instance as ScheduledJob;
      if (this.jobs.has(job.name)) throw new Error(`Two scheduled jobs are named ${job.name}`);
      if (!(job.schedule.periodMs >= 60_000)) {
        throw new Error(`Scheduled job ${job.name}: the period must be at least a minute`);
      }
      this.jobs.set(job.name, job);
    }
    if (this.jobs.size === 0) return;
    this.timer = setInterval(() => this.tick(), JOB_TICK_MS);
    this.timer.unref();
    // Catch up at start: a due time that passed while the server was down.
    this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /**
   * Stops ticking: at shutdown, or in a test that must not see jobs run on their own (it
   * drives them with `runDue`). A job that is running finishes (or fails on the database
   * closing, and is retried).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
  }

  /** Names of the registered jobs. */
  get names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Claims and runs every job whose current due time has not run yet, one after another. */
  async runDue(now: Date = this.clock.now()): Promise<Record<string, JobOutcome>> {
    const outcomes: Record<string, JobOutcome> = {};
    for (const job of this.jobs.values()) {
      if (this.stopped) break;
      outcomes[job.name] = await this.runIfDue(job, now);
    }
    return outcomes;
  }

  /** The job's sweep alone, without the once-per-due-time claim (tests, an operator's CLI). */
  async run(name: string, now: Date = this.clock.now()): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No scheduled job named ${name}`);
    await job.run(now);
  }

  private tick(): void {
    // Never two ticks at once in one process; a slow job delays the next tick.
    this.ticking = this.ticking
      .then(() => (this.stopped ? undefined : this.runDue()))
      .catch((error: unknown) => {
        this.logger.error({ err: loggableError(error) }, 'Scheduled jobs tick failed');
      });
  }

  private async runIfDue(job: ScheduledJob, now: Date): Promise<JobOutcome> {
    const dueAt = dueTimeOf(job.schedule, now);
    const leaseUntil = new Date(now.getTime() + (job.leaseMs ?? DEFAULT_LEASE_MS));
    const claimed = await this.dataSource.query<{ attempts: number }[]>(
      `INSERT INTO job_runs (job, due_at, attempts, locked_until) VALUES ($1, $2, 1, $3)
       ON CONFLICT (job, due_at) DO UPDATE
         SET attempts = job_runs.attempts + 1, locked_until = EXCLUDED.locked_until
         WHERE job_runs.finished_at IS NULL AND job_runs.locked_until <= $4
       RETURNING attempts`,
      [job.name, dueAt, leaseUntil, now],
    );
    if (claimed.length === 0) return 'not-due';
    try {
      await job.run(now);
      await this.dataSource.query(
        `UPDATE job_runs SET finished_at = $3, last_error = NULL WHERE job = $1 AND due_at = $2`,
        [job.name, dueAt, this.clock.now()],
      );
      await this.dataSource.query(`DELETE FROM job_runs WHERE job = $1 AND due_at < $2`, [
        job.name,
        new Date(dueAt.getTime() - KEEP_RUNS_MS),
      ]);
      return 'ran';
    } catch (error) {
      this.logger.error(
        { err: loggableError(error), job: job.name, dueAt, attempts: claimed[0].attempts },
        'Scheduled job failed; it is retried',
      );
      await this.dataSource
        .query(
          `UPDATE job_runs SET locked_until = $3, last_error = $4 WHERE job = $1 AND due_at = $2`,
          [
            job.name,
            dueAt,
            new Date(now.getTime() + RETRY_AFTER_MS),
            String(error instanceof Error ? error.message : error).slice(0, 1000),
          ],
        )
        .catch(() => undefined); // The lease then runs out on its own.
      return 'failed';
    }
  }
}

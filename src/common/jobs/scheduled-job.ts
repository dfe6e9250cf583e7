import { SetMetadata } from '@nestjs/common';

export const SCHEDULED_JOB_SOURCE = 'scheduledJobSource';

/**
 * When a job is due: every `periodMs`, at the instants `offsetMs` past each multiple of the
 * period since the Unix epoch (UTC). `everyMinutes(5)`, `dailyAtUtc(0, 30)`.
 */
export interface JobSchedule {
  readonly periodMs: number;
  readonly offsetMs?: number;
}

/**
 * A scheduled job, run once per due time however many server processes share the
 * database. A feature implements one next to its code and marks it `@ScheduledJobSource()`;
 * the jobs module finds them all at start.
 *
 * `run(now)` must be a **sweep over due state kept in tables** (members whose digest is
 * due, terms that ended…), idempotent: a due time missed while every server was down is
 * never run on its own, the next one catches up; and a run that failed or whose process
 * died is run again, so doing the work twice must change nothing.
 */
export interface ScheduledJob {
  /** Unique among jobs, at most 100 characters: the key of its runs (`mail.digest`). */
  readonly name: string;
  readonly schedule: JobSchedule;
  /**
   * How long a run may take before another process may take it over as failed
   * (default 10 minutes). Make it longer than the slowest run.
   */
  readonly leaseMs?: number;
  /** `now` is the clock's time when the run started (the due time is at or before it). */
  run(now: Date): Promise<void>;
}

export const ScheduledJobSource = (): ClassDecorator => SetMetadata(SCHEDULED_JOB_SOURCE, true);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function everyMinutes(minutes: number): JobSchedule {
  return { periodMs: minutes * MINUTE };
}

/** Once a day at `hour:minute` UTC (Beijing is UTC+8: 08:00 there is `dailyAtUtc(0, 0)`). */
export function dailyAtUtc(hour: number, minute = 0): JobSchedule {
  return { periodMs: DAY, offsetMs: (hour * 60 + minute) * MINUTE };
}

/** The latest due time at or before `now`. */
export function dueTimeOf(schedule: JobSchedule, now: Date): Date {
  const offset = schedule.offsetMs ?? 0;
  const periods = Math.floor((now.getTime() - offset) / schedule.periodMs);
  return new Date(periods * schedule.periodMs + offset);
}

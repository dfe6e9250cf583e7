import { Injectable, Module } from '@nestjs/common';
import type { Clock } from '../src/common/clock/clock';
import {
  everyMinutes,
  ScheduledJobSource,
  type ScheduledJob,
} from '../src/common/jobs/scheduled-job';
import { JobRunner } from '../src/modules/jobs/job-runner';
import { createTestApp, type TestApp } from './support/test-app';

/** A clock the test moves. */
class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

/** Every instance in this test file counts into the same list: runs across "processes". */
const runs: { app: string; now: string }[] = [];
let failNext = 0;
let hold: Promise<void> | null = null;

@Injectable()
@ScheduledJobSource()
class HourlySweep implements ScheduledJob {
  readonly name = 'test.hourly-sweep';
  readonly schedule = everyMinutes(60);
  readonly leaseMs = 5 * 60_000;
  static label = '';
  private readonly app = HourlySweep.label;

  async run(now: Date): Promise<void> {
    runs.push({ app: this.app, now: now.toISOString() });
    if (hold) await hold;
    if (failNext > 0) {
      failNext -= 1;
      throw new Error('the sweep failed');
    }
  }
}

@Module({ providers: [HourlySweep] })
class HourlySweepModule {}

const T0 = new Date('2026-12-01T08:00:10.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

async function instance(label: string, env: Record<string, string> = {}): Promise<TestApp> {
  HourlySweep.label = label;
  return createTestApp(env, { clock: new TestClock(T0), imports: [HourlySweepModule] });
}

beforeEach(() => {
  runs.length = 0;
  failNext = 0;
  hold = null;
});

describe('Scheduled jobs (one process)', () => {
  let t: TestApp;
  let runner: JobRunner;

  beforeAll(async () => {
    t = await instance('a');
    runner = t.app.get(JobRunner);
    // The start's catch-up tick may have run the job at the clock's time.
    await runner.runDue(T0);
    runs.length = 0;
  });
  afterAll(() => t.close());

  it('finds the jobs features provide', () => {
    expect(runner.names).toContain('test.hourly-sweep');
  });

  it('runs a due time once, and the next due time once more', async () => {
    expect((await runner.runDue(at(5 * MINUTE)))['test.hourly-sweep']).toBe('not-due');
    expect(runs).toEqual([]);
    // Three hours later (the server was down at 09:00 and 10:00): one run catches up.
    expect((await runner.runDue(at(3 * 60 * MINUTE)))['test.hourly-sweep']).toBe('ran');
    expect((await runner.runDue(at(3 * 60 * MINUTE + MINUTE)))['test.hourly-sweep']).toBe(
      'not-due',
    );
    expect(runs).toEqual([{ app: 'a', now: at(3 * 60 * MINUTE).toISOString() }]);
  });

  it('retries a failed run of the same due time after a minute, not before', async () => {
    failNext = 1;
    const due = 4 * 60 * MINUTE;
    expect((await runner.runDue(at(due)))['test.hourly-sweep']).toBe('failed');
    expect((await runner.runDue(at(due + 30_000)))['test.hourly-sweep']).toBe('not-due');
    expect((await runner.runDue(at(due + 61_000)))['test.hourly-sweep']).toBe('ran');
    expect((await runner.runDue(at(due + 2 * MINUTE)))['test.hourly-sweep']).toBe('not-due');
    expect(runs).toHaveLength(2);
    const [row] = await t.dataSource.query<
      { attempts: number; finished_at: Date | null; last_error: string | null }[]
    >(`SELECT attempts, finished_at, last_error FROM job_runs WHERE job = $1 AND due_at = $2`, [
      'test.hourly-sweep',
      new Date('2026-12-01T12:00:00.000Z'),
    ]);
    expect(row).toEqual({ attempts: 2, finished_at: expect.any(Date), last_error: null });
  });

  it('runs a job alone through its entry point, without claiming a due time', async () => {
    await runner.run('test.hourly-sweep', at(5 * 60 * MINUTE));
    await runner.run('test.hourly-sweep', at(5 * 60 * MINUTE));
    expect(runs).toHaveLength(2);
    expect((await runner.runDue(at(5 * 60 * MINUTE)))['test.hourly-sweep']).toBe('ran');
  });
});

/** Several processes share a database only on PostgreSQL (the embedded one serves one). */
if (process.env.DATABASE_URL) {
  describe('Scheduled jobs (two processes on one PostgreSQL database)', () => {
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      one = await instance('one');
      two = await instance('two', { DATABASE_URL: one.config.DATABASE_URL ?? '' });
      await Promise.all([one.app.get(JobRunner).runDue(T0), two.app.get(JobRunner).runDue(T0)]);
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
    });

    it('run each due time exactly once between them', async () => {
      for (let hour = 1; hour <= 5; hour += 1) {
        runs.length = 0;
        const now = at(hour * 60 * MINUTE);
        const outcomes = await Promise.all(
          [one, two, one, two].map((t) => t.app.get(JobRunner).runDue(now)),
        );
        expect(outcomes.map((o) => o['test.hourly-sweep']).sort()).toEqual([
          'not-due',
          'not-due',
          'not-due',
          'ran',
        ]);
        expect(runs).toHaveLength(1);
      }
    });

    it('let another process take over a run whose process stopped answering, after its lease', async () => {
      let release = (): void => undefined;
      hold = new Promise<void>((resolve) => (release = resolve));
      const due = at(10 * 60 * MINUTE);
      const stuck = one.app.get(JobRunner).runDue(due);
      while (runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      hold = null;
      const runner = two.app.get(JobRunner);
      expect((await runner.runDue(at(10 * 60 * MINUTE + 4 * MINUTE)))['test.hourly-sweep']).toBe(
        'not-due',
      );
      expect((await runner.runDue(at(10 * 60 * MINUTE + 6 * MINUTE)))['test.hourly-sweep']).toBe(
        'ran',
      );
      release();
      await stuck;
      expect(runs.map((run) => run.app)).toEqual(['one', 'two']);
    });
  });
}

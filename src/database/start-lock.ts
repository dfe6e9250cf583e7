import type { DataSource } from 'typeorm';

/**
 * The key of the PostgreSQL advisory lock (an arbitrary constant of this app) under which a process runs the work of a start that must happen once per database:
 * pending migrations and the first admin. Several processes starting together on one
 * database (`WEB_CONCURRENCY`, replicas, `npm run seed:demo`) take turns: the first
 * migrates, the next finds nothing pending.
 */
export const START_LOCK_KEY = '7240190017';

/** How often a waiting process asks for the lock again. */
const POLL_MS = 200;

/**
 * Runs `work` while holding the start lock on a connection of its own. The lock is asked
 * for with `pg_try_advisory_lock` in a loop rather than waited for in one statement, so
 * `statement_timeout` never cuts a wait behind a long migration. The embedded database
 * serves one process (its pid file sees to that) and one connection, so `work` runs
 * there without a lock.
 */
export async function withStartLock<T>(
  dataSource: DataSource,
  embedded: boolean,
  work: () => Promise<T>,
): Promise<T> {
  if (embedded) return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    for (;;) {
      const [{ locked }] = (await runner.query(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [START_LOCK_KEY],
      )) as { locked: boolean }[];
      if (locked) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [START_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Runs the pending migrations, each in its own transaction, under the start lock. */
export async function migrateUnderStartLock(
  dataSource: DataSource,
  embedded: boolean,
): Promise<void> {
  await withStartLock(dataSource, embedded, () =>
    dataSource.runMigrations({ transaction: 'each' }),
  );
}

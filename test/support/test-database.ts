import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../../src/config/env.schema';
import { dataSourceOptions, type DatabaseEndpoint } from '../../src/database/data-source.options';

/**
 * Where the tests' databases come from. Without `DATABASE_URL`: one migrated embedded
 * database, dumped once and loaded by each test file. With it: one migrated template
 * database on that server, copied (`CREATE DATABASE ... TEMPLATE`) for each test file.
 */
export const TEMPLATE_DUMP_ENV = 'LAOGAO_TEST_PGLITE_TEMPLATE';
export const TEMPLATE_DATABASE_ENV = 'LAOGAO_TEST_PG_TEMPLATE';

const QUERY_TIMEOUT_MS = 30_000;

/** Migrates the database with the configuration's defaults (what a test app uses). */
export async function runMigrations(
  url: string | undefined,
  embedded?: DatabaseEndpoint,
): Promise<void> {
  const { GOLDEN_CROWN_TERM_DAYS } = validateEnvironment({});
  const dataSource = new DataSource(
    dataSourceOptions(
      { DATABASE_URL: url, DATABASE_QUERY_TIMEOUT_MS: QUERY_TIMEOUT_MS, GOLDEN_CROWN_TERM_DAYS },
      embedded,
    ),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/** Runs `sql` on the server's maintenance connection (the database named in `url`). */
export async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

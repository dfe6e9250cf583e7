import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/env.schema';
import { dataSourceOptions } from '../../database/data-source.options';
import {
  EmbeddedDatabase,
  embeddedDatabaseOwner,
  embeddedSocket,
} from '../../database/embedded-database';
import { migrateUnderStartLock } from '../../database/start-lock';

/** The database a seed writes to, opened and migrated. */
export interface SeedTarget {
  dataSource: DataSource;
  /** For the summary line: where the rows went. */
  description: string;
  /** Connections the seed may use at once (1 on the embedded database). */
  parallelism: number;
  close(): Promise<void>;
}

type Config = Pick<
  AppConfig,
  'DATABASE_URL' | 'DATABASE_QUERY_TIMEOUT_MS' | 'DATA_DIR' | 'GOLDEN_CROWN_TERM_DAYS'
>;

/**
 * `DATABASE_URL` when set. Otherwise the embedded database in `DATA_DIR`: through the
 * running server's unix socket when its lock names a live process (a data folder opens in
 * one process only), else opened here (taking the lock) and migrated.
 */
export async function openSeedTarget(config: Config, timeoutMs = 600_000): Promise<SeedTarget> {
  const options = { ...config, DATABASE_QUERY_TIMEOUT_MS: timeoutMs };
  if (config.DATABASE_URL) {
    const dataSource = await migrated(new DataSource(dataSourceOptions(options)), false);
    return {
      dataSource,
      description: `PostgreSQL at ${new URL(config.DATABASE_URL).host}`,
      parallelism: 4,
      close: () => dataSource.destroy(),
    };
  }
  const owner = embeddedDatabaseOwner(config.DATA_DIR);
  if (owner !== null) {
    const socket = embeddedSocket(config.DATA_DIR);
    await waitForSocket(socket.path, owner);
    const dataSource = new DataSource(
      dataSourceOptions(options, { host: socket.dir, port: socket.port }),
    );
    try {
      await dataSource.initialize();
    } catch (error) {
      throw new Error(
        `The embedded database in ${socket.dir} is held by process ${owner}, but its socket ` +
          `${socket.path} did not answer (${(error as Error).message}). Stop that process or wait until it has started.`,
        { cause: error },
      );
    }
    // The server ran the migrations when it started.
    return {
      dataSource,
      description: `the running server's embedded database (process ${owner}, ${socket.path})`,
      parallelism: 1,
      close: () => dataSource.destroy(),
    };
  }
  const database = await EmbeddedDatabase.start({ dataDir: config.DATA_DIR });
  try {
    const dataSource = await migrated(new DataSource(dataSourceOptions(options, database)), true);
    return {
      dataSource,
      description: `the embedded database in ${embeddedSocket(config.DATA_DIR).dir}`,
      parallelism: 1,
      close: async () => {
        await dataSource.destroy();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/** A server that has just started creates its socket once its database is open (seconds on a new DATA_DIR). */
async function waitForSocket(path: string, owner: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let told = false;
  while (
    !existsSync(path) &&
    Date.now() < until &&
    embeddedDatabaseOwner(dirname(path)) === owner
  ) {
    if (!told) {
      console.error(`Waiting for the server (process ${owner}) to open its database…`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Opened and migrated; on a server under the start lock, as a starting app process would. */
async function migrated(dataSource: DataSource, embedded: boolean): Promise<DataSource> {
  await dataSource.initialize();
  try {
    await migrateUnderStartLock(dataSource, embedded);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

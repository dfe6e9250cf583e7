import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import { migrations } from './migrations';

export interface DatabaseEndpoint {
  host: string;
  port: number;
}

/**
 * Connection options shared by the server, the CLI and the tests. The same entities,
 * migrations and SQL serve the embedded database and a PostgreSQL server.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_QUERY_TIMEOUT_MS' | 'GOLDEN_CROWN_TERM_DAYS'>,
  embedded?: DatabaseEndpoint,
): DataSourceOptions {
  const connection = embedded
    ? { host: embedded.host, port: embedded.port, username: 'postgres', database: 'postgres' }
    : { url: config.DATABASE_URL };
  return {
    type: 'postgres',
    ...connection,
    migrations: migrations(config),
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: {
      // The embedded database runs one statement group at a time whatever the number of
      // connections (embedded-socket.ts), so a second one would only queue; and a query
      // outside a transaction's manager then fails on the pool's timeout instead of
      // waiting forever behind the transaction. A server gets a real pool.
      max: embedded ? 1 : 10,
      // A mistake (a query outside the transaction's manager) fails loudly instead of hanging,
      // and an unreachable server never holds a request longer than a query may run.
      connectionTimeoutMillis: Math.min(10_000, config.DATABASE_QUERY_TIMEOUT_MS),
      query_timeout: config.DATABASE_QUERY_TIMEOUT_MS,
      ...(embedded ? {} : { statement_timeout: config.DATABASE_QUERY_TIMEOUT_MS }),
    },
  };
}

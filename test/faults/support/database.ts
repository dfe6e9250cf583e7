import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/**
 * The PostgreSQL server the fault tests use: `DATABASE_URL`'s server (CI passes its own
 * database), else the machine's. Each test creates a database of its own on it.
 */
export const PG_SERVER_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FaultDatabase {
  name: string;
  /** The database's URL, straight to the server. */
  url: string;
  /** The same database reached through another host and port (a proxy). */
  urlThrough(host: string, port: number): string;
  /** Queries straight to the server, never through a proxy. */
  pool: Pool;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const pool = new Pool({ connectionString: PG_SERVER_URL, max: 1 });
  try {
    await pool.query(sql);
  } finally {
    await pool.end();
  }
}

export async function createFaultDatabase(): Promise<FaultDatabase> {
  const name = `laogao_fault_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 4 });
  // An idle client the server drops (the DROP at the end) must not fail the test.
  pool.on('error', () => undefined);
  return {
    name,
    url: url.toString(),
    urlThrough(host, port) {
      const through = new URL(url);
      through.hostname = host;
      through.port = String(port);
      return through.toString();
    },
    pool,
    async drop() {
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Host and port of the PostgreSQL server, for a proxy in front of it. */
export function pgEndpoint(): { host: string; port: number } {
  const url = new URL(PG_SERVER_URL);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

export const REDIS_SERVER_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisEndpoint(): { host: string; port: number } {
  const url = new URL(REDIS_SERVER_URL);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** A prefix of Redis keys and channels no other run shares. */
export function redisPrefix(): string {
  return `laogao-fault-${randomBytes(4).toString('hex')}:`;
}

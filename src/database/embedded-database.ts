import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { EmbeddedSocketServer } from './embedded-socket';

export const IN_MEMORY = 'memory://';

/** The port number in the unix socket's name (`.s.PGSQL.5432`), as PostgreSQL clients expect. */
export const SOCKET_PORT = 5432;

/** Longest unix socket path the kernel accepts (`sun_path`, less the final NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * PostgreSQL's buffer cache inside PGlite. Its default, 128 MB, is allocated and touched at
 * every start: 32 MB takes about 115 MB off the process's resident memory. A small
 * community's working set fits, and pages beyond it are read from the OS's cache.
 */
const SHARED_BUFFERS = '32MB';

/**
 * PGlite runs no autovacuum: without statistics the planner guesses a table holds a row
 * or two, and a feed of 2,000 posts took 640 ms instead of 1.4 ms (a nested loop over every
 * member). The embedded database analyzes tables never analyzed when it starts, and
 * vacuums and analyzes everything this often while it runs.
 */
const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;

/** Where a running embedded database can be reached from another process of this user. */
export interface EmbeddedSocket {
  /** The folder holding the socket: what `pg` takes as `host`. */
  dir: string;
  port: number;
  path: string;
}

export function embeddedSocket(dataDirOption: string): EmbeddedSocket {
  const dir = resolve(dataDirOption);
  return { dir, port: SOCKET_PORT, path: resolve(dir, `.s.PGSQL.${SOCKET_PORT}`) };
}

/** The live process that holds the embedded database in `DATA_DIR`, if any. */
export function embeddedDatabaseOwner(dataDirOption: string): number | null {
  const owner = readOwner(lockFileOf(resolve(dataDirOption)));
  return owner !== null && owner !== process.pid && isAlive(owner) ? owner : null;
}

export interface EmbeddedDatabaseOptions {
  /** A folder that keeps the data, or `memory://` for a database that lives with the process. */
  dataDir: string;
  /** A dump (`dumpDataDir`) to start from instead of an empty cluster; tests load a migrated one. */
  template?: Blob;
}

/**
 * The embedded default database: PostgreSQL compiled to WebAssembly (PGlite), served on
 * 127.0.0.1 over the ordinary wire protocol so TypeORM uses its plain `postgres` driver,
 * and on a unix socket in `DATA_DIR` (mode 600) so another process of the same user — the
 * demo seed — can reach it while the server runs (a data folder opens in one process only).
 *
 * All connections share one session: `EmbeddedSocketServer` runs each connection's
 * protocol groups whole and lets a transaction finish before another connection's turn.
 * The app's pool still holds one connection (see `data-source.options.ts`).
 */
export class EmbeddedDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedDatabase.name);
  private moduleRef?: ModuleRef;
  private maintenance?: NodeJS.Timeout;

  private constructor(
    private readonly db: PGlite,
    private readonly server: EmbeddedSocketServer,
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
    /** The unix socket other processes connect to; `null` in memory. */
    readonly socketPath: string | null,
  ) {}

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const inMemory = options.dataDir === IN_MEMORY;
    const dataDir = inMemory ? IN_MEMORY : resolve(options.dataDir, 'pgdata');
    if (!inMemory) {
      mkdirSync(dataDir, { recursive: true });
      EmbeddedDatabase.lock(dataDir);
    }
    const db = await PGlite.create(inMemory ? undefined : dataDir, {
      loadDataDir: options.template,
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
    });
    const server = new EmbeddedSocketServer(db);
    const tcp = await server.listen({ host: '127.0.0.1', port: 0 });
    const { host, port } = tcp as { host: string; port: number };
    let socketPath: string | null = null;
    if (!inMemory) {
      const socket = embeddedSocket(options.dataDir);
      if (socket.path.length <= MAX_SOCKET_PATH) {
        await server.listen({ path: socket.path });
        socketPath = socket.path;
      } else {
        new Logger(EmbeddedDatabase.name).warn(
          `DATA_DIR is too long a path for a unix socket: other processes cannot reach the database while this one runs`,
        );
      }
    }
    return new EmbeddedDatabase(db, server, host, port, dataDir, socketPath);
  }

  /**
   * Lets the shutdown hook close TypeORM's pool before the server under it goes away, and
   * the hourly maintenance reach the app's connection.
   */
  attach(moduleRef: ModuleRef): void {
    this.moduleRef = moduleRef;
    this.maintenance = setInterval(() => void this.maintain(), MAINTENANCE_EVERY_MS).unref();
  }

  /**
   * `VACUUM (ANALYZE)` through the app's own connection (so it takes its turn like any
   * statement): what autovacuum would do on a server. A failure is logged and retried next
   * time.
   */
  async maintain(): Promise<void> {
    const dataSource = this.moduleRef?.get(DataSource, { strict: false });
    if (!dataSource?.isInitialized) return;
    try {
      await dataSource.query('VACUUM (ANALYZE)');
    } catch (error) {
      this.logger.warn(`Embedded database maintenance failed: ${(error as Error).message}`);
    }
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    clearInterval(this.maintenance);
    await this.server.stop();
    if (!this.db.closed) await this.db.close();
    if (this.socketPath) rmSync(this.socketPath, { force: true });
    if (this.dataDir !== IN_MEMORY)
      rmSync(lockFileOf(resolve(this.dataDir, '..')), { force: true });
  }

  /**
   * A PGlite data folder may be opened by one process only: a second one would corrupt
   * it. The pid file names the owner; a stale one (its process gone) is taken over.
   */
  private static lock(dataDir: string): void {
    const file = lockFileOf(resolve(dataDir, '..'));
    const owner = readOwner(file);
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${owner}. ` +
          'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
    writeFileSync(file, String(process.pid));
  }

  async onApplicationShutdown(): Promise<void> {
    const dataSource = this.moduleRef?.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.stop();
    this.logger.log('Embedded database stopped');
  }
}

function lockFileOf(dataDirRoot: string): string {
  return resolve(dataDirRoot, 'embedded-db.pid');
}

function readOwner(file: string): number | null {
  try {
    const owner = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(owner) && owner > 0 ? owner : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Analyzes the tables the planner has no statistics for (`reltuples` < 0: never vacuumed
 * or analyzed), as autovacuum would have on a server. Run once the migrations are done.
 */
export async function analyzeNeverAnalyzed(dataSource: DataSource): Promise<void> {
  const tables = await dataSource.query<{ name: string }[]>(
    `SELECT quote_ident(relname) AS name FROM pg_class
      WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples < 0`,
  );
  if (tables.length > 0) await dataSource.query(`ANALYZE ${tables.map((t) => t.name).join(', ')}`);
}

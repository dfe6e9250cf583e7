import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataSource } from 'typeorm';

export const IN_MEMORY = 'memory://';

export interface EmbeddedDatabaseOptions {
  /** A folder that keeps the data, or `memory://` for a database that lives with the process. */
  dataDir: string;
  /** A dump (`dumpDataDir`) to start from instead of an empty cluster; tests load a migrated one. */
  template?: Blob;
}

/**
 * The embedded default database: PostgreSQL compiled to WebAssembly (PGlite), served on
 * 127.0.0.1 over the ordinary wire protocol so TypeORM uses its plain `postgres` driver.
 *
 * Every connection shares one session and one query queue, and the extended protocol's
 * messages of two connections can interleave, so the pool in front of it holds exactly
 * one connection (see `database.options.ts`).
 */
export class EmbeddedDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedDatabase.name);
  private moduleRef?: ModuleRef;

  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
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
    });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    return new EmbeddedDatabase(db, server, host, Number(port), dataDir);
  }

  /** Lets the shutdown hook close TypeORM's pool before the server under it goes away. */
  attach(moduleRef: ModuleRef): void {
    this.moduleRef = moduleRef;
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    await this.server.stop();
    if (!this.db.closed) await this.db.close();
    if (this.dataDir !== IN_MEMORY)
      rmSync(EmbeddedDatabase.lockFile(this.dataDir), { force: true });
  }

  private static lockFile(dataDir: string): string {
    return resolve(dataDir, '..', 'embedded-db.pid');
  }

  /**
   * A PGlite data folder may be opened by one process only: a second one would corrupt
   * it. The pid file names the owner; a stale one (its process gone) is taken over.
   */
  private static lock(dataDir: string): void {
    const file = EmbeddedDatabase.lockFile(dataDir);
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // No owner.
    }
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

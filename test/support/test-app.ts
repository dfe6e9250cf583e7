import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModuleRef } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { CLOCK, type Clock } from '../../src/common/clock/clock';
import { LOG_DESTINATION } from '../../src/common/http/logger.module';
import { validateEnvironment, type AppConfig } from '../../src/config/env.schema';
import { EMBEDDED_DATABASE } from '../../src/database/database.module';
import { EmbeddedDatabase, IN_MEMORY } from '../../src/database/embedded-database';
import {
  onServer,
  TEMPLATE_DATABASE_ENV,
  TEMPLATE_DUMP_ENV,
  uniqueDatabaseName,
  withDatabase,
} from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** A supertest client bound to the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

async function loadTemplate(): Promise<Blob | undefined> {
  const path = process.env[TEMPLATE_DUMP_ENV];
  return path ? new Blob([await readFile(path)]) : undefined;
}

/**
 * The whole server, on a fresh database of its own: the embedded one loaded from the
 * migrated template, or a copy of the template database on the PostgreSQL server.
 */
export interface TestAppOptions {
  /** Replaces the system clock (`CLOCK`): scheduled jobs and mail retries follow it. */
  clock?: Clock;
  /** Extra modules, such as one providing a `@ScheduledJobSource()` for a test. */
  imports?: ModuleMetadata['imports'];
  /**
   * Where the server's log lines (pino's JSON, one per `write`) go instead of stdout; pass
   * `LOG_LEVEL` too, tests default to `silent`.
   */
  logDestination?: DestinationStream;
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const serverUrl = process.env.DATABASE_URL;
  let databaseName: string | undefined;
  if (serverUrl) {
    databaseName = uniqueDatabaseName('laogao_test');
    const template = process.env[TEMPLATE_DATABASE_ENV];
    await onServer(
      serverUrl,
      `CREATE DATABASE ${databaseName}${template ? ` TEMPLATE ${template}` : ''}`,
    );
  }
  const config = validateEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: IN_MEMORY,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Counters and channels of one test app never meet another's in a shared Redis.
    REDIS_KEY_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
    ...(serverUrl && databaseName ? { DATABASE_URL: withDatabase(serverUrl, databaseName) } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  });

  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config), ...(options.imports ?? [])],
  });
  if (options.clock) builder = builder.overrideProvider(CLOCK).useValue(options.clock);
  if (options.logDestination) {
    builder = builder.overrideProvider(LOG_DESTINATION).useValue(options.logDestination);
  }
  if (!serverUrl) {
    const template = await loadTemplate();
    builder = builder.overrideProvider(EMBEDDED_DATABASE).useFactory({
      inject: [ModuleRef],
      factory: async (moduleRef: ModuleRef) => {
        const database = await EmbeddedDatabase.start({ dataDir: IN_MEMORY, template });
        database.attach(moduleRef);
        return database;
      },
    });
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app, config);
  await app.init();

  return {
    app,
    config,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (serverUrl && databaseName) {
        await onServer(serverUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      }
    },
  };
}

import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, IN_MEMORY } from '../../src/database/embedded-database';
import {
  onServer,
  runMigrations,
  TEMPLATE_DATABASE_ENV,
  TEMPLATE_DUMP_ENV,
  uniqueDatabaseName,
  withDatabase,
} from './test-database';

/** Builds the one migrated database every e2e file starts from. */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = uniqueDatabaseName('laogao_template');
    await onServer(serverUrl, `CREATE DATABASE ${template}`);
    await runMigrations(withDatabase(serverUrl, template));
    process.env[TEMPLATE_DATABASE_ENV] = template;
    return;
  }
  const database = await EmbeddedDatabase.start({ dataDir: IN_MEMORY });
  try {
    await runMigrations(undefined, database);
    const dump = await database.dump();
    const path = join(tmpdir(), `laogao-template-${process.pid}.tar`);
    await writeFile(path, Buffer.from(await dump.arrayBuffer()));
    process.env[TEMPLATE_DUMP_ENV] = path;
  } finally {
    await database.stop();
  }
}

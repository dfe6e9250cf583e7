import { rm } from 'node:fs/promises';
import { onServer, TEMPLATE_DATABASE_ENV, TEMPLATE_DUMP_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_DATABASE_ENV];
  if (process.env.DATABASE_URL && template) {
    await onServer(process.env.DATABASE_URL, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  }
  const dump = process.env[TEMPLATE_DUMP_ENV];
  if (dump) await rm(dump, { force: true });
}

import { DataSource } from 'typeorm';
import { validateEnvironment } from '../src/config/env.schema';
import { dataSourceOptions, type DatabaseEndpoint } from '../src/database/data-source.options';
import { EmbeddedDatabase, IN_MEMORY } from '../src/database/embedded-database';
import { migrations } from '../src/database/migrations';
import { AddGoldenCrownCommitteeAndTerm1797400000000 } from '../src/database/migrations/1797400000000-add-golden-crown-committee-and-term';
import { onServer, uniqueDatabaseName, withDatabase } from './support/test-database';

/**
 * SPEC "Stage two: decided details": Golden Crown members that exist when terms arrive get a
 * full term from that moment. The migration that adds `golden_crown_until` gives it, of the
 * configured `GOLDEN_CROWN_TERM_DAYS`, on a database migrated up to just before it.
 */

const DAY = 24 * 60 * 60 * 1000;
const TERM_DAYS = 30;
/** Between the test's clock and the database's `now()` (the same machine). */
const SLACK_MS = 1000;

/** A database no migration has run on: a new one on the server, or an embedded one in memory. */
interface FreshDatabase {
  url?: string;
  endpoint?: DatabaseEndpoint;
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = uniqueDatabaseName('laogao_migration');
    await onServer(serverUrl, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(serverUrl, name),
      drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const database = await EmbeddedDatabase.start({ dataDir: IN_MEMORY });
  return { endpoint: database, drop: () => database.stop() };
}

describe('The migration that brings Golden Crown terms', () => {
  let database: FreshDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database?.drop());

  it('gives every Golden Crown member then present a full configured term from that moment', async () => {
    // The configuration as the server validates it, and the options the server migrates with.
    const config = validateEnvironment({
      DATABASE_URL: database.url,
      GOLDEN_CROWN_TERM_DAYS: String(TERM_DAYS),
    });
    const options = dataSourceOptions(config, database.endpoint);
    const all = migrations(config);
    const terms = all.findIndex(
      (migration) => migration.prototype instanceof AddGoldenCrownCommitteeAndTerm1797400000000,
    );
    expect(terms).toBeGreaterThan(0);

    const earlier = await new DataSource({
      ...options,
      migrations: all.slice(0, terms),
    }).initialize();
    let ids: Record<string, string>;
    try {
      await earlier.runMigrations({ transaction: 'each' });
      const rows = await earlier.query<{ id: string; display_name: string }[]>(
        `INSERT INTO members (display_name, tier, erased_at) VALUES
           ('crowned', 'golden_crown', NULL),
           ('erased', 'golden_crown', now()),
           ('standard', 'standard', NULL)
         RETURNING id, display_name`,
      );
      ids = Object.fromEntries(rows.map((row) => [row.display_name, row.id]));
    } finally {
      await earlier.destroy();
    }

    const startedAt = Date.now();
    const rest = await new DataSource(options).initialize();
    try {
      const ran = await rest.runMigrations({ transaction: 'each' });
      const finishedAt = Date.now();
      expect(ran[0]?.name).toBe('AddGoldenCrownCommitteeAndTerm1797400000000');
      expect(await rest.showMigrations()).toBe(false);

      const rows = await rest.query<{ id: string; golden_crown_until: Date | null }[]>(
        `SELECT id, golden_crown_until FROM members`,
      );
      const until = new Map(rows.map((row) => [row.id, row.golden_crown_until]));
      const crowned = until.get(ids.crowned);
      expect(crowned).toBeInstanceOf(Date);
      const end = (crowned as Date).getTime();
      expect(end).toBeGreaterThanOrEqual(startedAt + TERM_DAYS * DAY - SLACK_MS);
      expect(end).toBeLessThanOrEqual(finishedAt + TERM_DAYS * DAY + SLACK_MS);
      // An erased member keeps no term, and a standard member has none.
      expect(until.get(ids.erased)).toBeNull();
      expect(until.get(ids.standard)).toBeNull();
    } finally {
      await rest.destroy();
    }
  });
});

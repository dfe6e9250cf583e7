import { EMBEDDED_DATABASE } from '../src/database/database.module';
import type { EmbeddedDatabase } from '../src/database/embedded-database';
import { createMember, createPost } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Entities and migrations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('agree: the schema diff TypeORM would generate is empty', async () => {
    const diff = await t.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('have all run', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});

/*
 * What the embedded database (PGlite) does for itself that a PostgreSQL server's own
 * processes do there: the block runs on the embedded database only.
 */
if (!process.env.DATABASE_URL) {
  describe('The embedded database', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
    });
    afterAll(() => t.close());

    /** Estimated rows of each public table (-1: never analyzed), as the planner sees them. */
    const estimates = async () =>
      new Map(
        (
          await t.dataSource.query<{ name: string; rows: number }[]>(
            `SELECT relname AS name, reltuples::int AS rows FROM pg_class
              WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
          )
        ).map((table) => [table.name, table.rows]),
      );

    it('starts with statistics for every table: PGlite runs no autovacuum', async () => {
      const rows = await estimates();
      expect(rows.size).toBeGreaterThan(10);
      expect([...rows].filter(([, n]) => n < 0)).toEqual([]);
    });

    it('keeps them current in its maintenance (VACUUM ANALYZE)', async () => {
      const author = await createMember(t);
      for (let i = 0; i < 12; i++) await createPost(t, author);
      const [{ posts }] = await t.dataSource.query<{ posts: number }[]>(
        'SELECT count(*)::int AS posts FROM posts',
      );
      await t.app.get<EmbeddedDatabase>(EMBEDDED_DATABASE).maintain();
      expect((await estimates()).get('posts')).toBe(posts);
    });

    it('runs with 32 MB of shared buffers (the default, 128 MB, is resident from the start)', async () => {
      const [{ shared_buffers }] =
        await t.dataSource.query<{ shared_buffers: string }[]>('SHOW shared_buffers');
      expect(shared_buffers).toBe('32MB');
    });
  });
}

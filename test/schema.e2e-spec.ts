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

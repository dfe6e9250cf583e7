/**
 * `npm run migration:generate -- <Name>`: writes src/database/migrations/<timestamp>-<name>.ts
 * with the SQL that brings a freshly migrated database to the entities. Runs on a
 * throw-away embedded database, so nothing has to be running. `--only t1,t2` keeps the
 * statements about those tables.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../app.module';
import { validateEnvironment } from '../../config/env.schema';
import { IN_MEMORY } from '../embedded-database';

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function quote(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('Usage: npm run migration:generate -- PascalCaseName');
    process.exit(2);
  }
  const config = validateEnvironment({
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: IN_MEMORY,
    LOG_LEVEL: 'silent',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  try {
    const sql = await app.get(DataSource).driver.createSchemaBuilder().log();
    // `--only posts,comments`: keep the statements about these tables (and their enum
    // types), so a feature's migration leaves other features' unfinished entities out.
    const onlyIndex = process.argv.indexOf('--only');
    if (onlyIndex > 0) {
      const tables = (process.argv[onlyIndex + 1] ?? '').split(',').filter(Boolean);
      const mentions = (query: string) => tables.some((table) => query.includes(`"${table}`));
      sql.upQueries = sql.upQueries.filter((q) => mentions(q.query));
      sql.downQueries = sql.downQueries.filter((q) => mentions(q.query));
    }
    if (sql.upQueries.length === 0) {
      console.log('The entities and the migrations agree: nothing to generate.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`);
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(${quote(q.query)});`);
    const file = join(
      __dirname,
      '../../../src/database/migrations',
      `${timestamp}-${kebab(name)}.ts`,
    );
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.join('\n')}
  }
}
`,
    );
    console.log(`Wrote ${file}\nAdd ${className} to src/database/migrations/index.ts.`);
  } finally {
    await app.close();
  }
}

void main();

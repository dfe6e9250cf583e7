import { Global, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { dataSourceOptions } from './data-source.options';
import { analyzeNeverAnalyzed, EmbeddedDatabase, IN_MEMORY } from './embedded-database';
import { migrateUnderStartLock } from './start-lock';

/** `null` when `DATABASE_URL` names a PostgreSQL server. */
export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_DATABASE,
      inject: [AppConfigService, ModuleRef],
      useFactory: async (config: AppConfigService, moduleRef: ModuleRef) => {
        if (!config.isEmbeddedDatabase) return null;
        const database = await EmbeddedDatabase.start({ dataDir: config.get('DATA_DIR') });
        database.attach(moduleRef);
        return database;
      },
    },
  ],
  exports: [EMBEDDED_DATABASE],
})
class EmbeddedDatabaseModule {}

@Module({
  imports: [
    EmbeddedDatabaseModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfigService, EMBEDDED_DATABASE],
      useFactory: (config: AppConfigService, embedded: EmbeddedDatabase | null) => ({
        ...dataSourceOptions(
          {
            DATABASE_URL: config.get('DATABASE_URL'),
            DATABASE_QUERY_TIMEOUT_MS: config.get('DATABASE_QUERY_TIMEOUT_MS'),
            GOLDEN_CROWN_TERM_DAYS: config.get('GOLDEN_CROWN_TERM_DAYS'),
          },
          embedded ?? undefined,
        ),
        autoLoadEntities: true,
        // Run below, under the start lock: processes starting together migrate once.
        migrationsRun: false,
        retryAttempts: embedded ? 0 : 3,
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        if (!options) throw new Error('No database options');
        const dataSource = await new DataSource(options).initialize();
        try {
          // A server is named by its URL; the embedded database by host and port.
          const embedded = !('url' in options && options.url);
          await migrateUnderStartLock(dataSource, embedded);
          if (embedded) await analyzeNeverAnalyzed(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

export { IN_MEMORY };

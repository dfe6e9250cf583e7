import { Global, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../config/app-config.service';
import { dataSourceOptions } from './data-source.options';
import { EmbeddedDatabase, IN_MEMORY } from './embedded-database';

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
          },
          embedded ?? undefined,
        ),
        autoLoadEntities: true,
        migrationsRun: true,
        retryAttempts: embedded ? 0 : 3,
      }),
    }),
  ],
})
export class DatabaseModule {}

export { IN_MEMORY };

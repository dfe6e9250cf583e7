import 'reflect-metadata';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigurationError, validateEnvironment, type AppConfig } from './config/env.schema';
import { FirstAdmin } from './modules/auth/first-admin';

function loadConfig(): AppConfig {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      for (const problem of error.problems) console.error(`Configuration error: ${problem}`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.PORT);

  const url = `http://localhost:${config.PORT}`;
  const dataDir = resolve(config.DATA_DIR);
  const database = config.DATABASE_URL
    ? `PostgreSQL at ${new URL(config.DATABASE_URL).host}`
    : `embedded, in ${dataDir}`;
  // Printed on the start that generated it, never again (it stays in the file).
  const admin = app.get(FirstAdmin, { strict: false }).takeGenerated();
  console.log(
    [
      '',
      `  Laogao Circle 老高电商圈 is up in ${Date.now() - startedAt} ms`,
      `  → ${url}   (API docs: ${url}/api/docs)`,
      `  Data:     ${database}`,
      ...(admin
        ? [
            `  Admin:    ${admin.email} / ${admin.password}`,
            `            (shown once; kept in ${admin.file}, mode 600)`,
          ]
        : []),
      '',
    ].join('\n'),
  );
}

bootstrap().catch((error: unknown) => {
  console.error('The server could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

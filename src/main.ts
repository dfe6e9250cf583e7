import 'reflect-metadata';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startBanner } from './banner';
import { ConfigurationError, validateEnvironment, type AppConfig } from './config/env.schema';
import { runPrimary, superviseWorker } from './workers';

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

/**
 * The server in this process: the whole of it with `WEB_CONCURRENCY=1`, or one worker of
 * the primary's (workers.ts), which prints the banner once every worker serves.
 */
async function bootstrap(config: AppConfig): Promise<void> {
  const startedAt = Date.now();
  // A worker told to stop while it is still starting just exits.
  const running: { app?: NestExpressApplication } = {};
  const tellPrimary = cluster.isWorker
    ? superviseWorker(async () => {
        await running.app?.close();
      })
    : null;
  // Loaded here, not above: a configuration error and the cluster's primary never load
  // Nest and the modules (seconds of start, and their memory). One after the other: Nest
  // is ES modules, which `require()` must not meet half-loaded by a parallel `import()`.
  const { AppModule } = await import('./app.module.js');
  const { NestFactory } = await import('@nestjs/core');
  const { configureApp } = await import('./app.setup.js');
  const { FirstAdmin } = await import('./modules/auth/first-admin.js');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  running.app = app;
  configureApp(app, config);
  if (!tellPrimary) app.enableShutdownHooks();
  await app.listen(config.PORT);

  const { port } = app.getHttpServer().address() as AddressInfo;
  // Printed on the start that generated it, never again (it stays in the file).
  const admin = app.get(FirstAdmin, { strict: false }).takeGenerated();
  const facts = { startedMs: Date.now() - startedAt, port, admin };
  if (tellPrimary) tellPrimary(facts);
  else console.log(startBanner(config, facts));
}

const config = loadConfig();
const started =
  cluster.isPrimary && config.WEB_CONCURRENCY > 1 ? runPrimary(config) : bootstrap(config);
started.catch((error: unknown) => {
  console.error('The server could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * The OpenAPI document without a running server or database, for `npm run api:types` (which
 * turns it into the web client's types). Nest's preview mode resolves the modules and their
 * routes but calls no provider factory: nothing connects, nothing listens.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { API_PREFIX, createApiDocument } from '../app.setup';
import { validateEnvironment } from '../config/env.schema';
import { IN_MEMORY } from '../database/embedded-database';

export async function buildApiDocument(): Promise<OpenAPIObject> {
  // A fixed configuration, not the caller's environment: the document is the same everywhere.
  const config = validateEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: IN_MEMORY,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.setGlobalPrefix(API_PREFIX);
    return createApiDocument(app);
  } finally {
    await app.close();
  }
}

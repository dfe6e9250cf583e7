import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { urlencoded } from 'express';
import helmet from 'helmet';
import { HttpDrain } from './common/http/http-drain';
import { AppLogger } from './common/http/app-logger';
import { compressAnswers } from './common/http/compression';
import { serveWebClient } from './common/http/web-client';
import type { AppConfig } from './config/env.schema';
import { SocketIoAdapter } from './common/realtime/socket-io.adapter';
import { PublicPages } from './modules/seo/public-pages';

export const API_PREFIX = 'api';

/**
 * Everything about the HTTP pipeline that is not a module: shared by `main.ts` and the
 * tests, so the tests exercise the same server users get.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(AppLogger));
  app.use(app.get(HttpDrain).middleware);
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          // Images only from this server: uploads are served by it, even from S3 storage.
          imgSrc: ["'self'", 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          // The server may run on plain HTTP (a LAN, localhost): do not force https.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(compressAnswers());
  app.useBodyParser('json', { limit: config.MAX_BODY_BYTES });
  // RFC 8058: a mail program unsubscribes with the form body `List-Unsubscribe=One-Click`.
  app.use(`/${API_PREFIX}/email/unsubscribe`, urlencoded({ extended: false, limit: 1024 }));
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({ origin: config.CORS_ORIGINS, credentials: false, maxAge: 600 });
  }
  app.setGlobalPrefix(API_PREFIX);
  // Before the web client: robots.txt, the sitemap, and public posts' pages with their tags.
  app.use(
    app.get(PublicPages).handler(resolve(__dirname, '..', config.WEB_DIST_DIR, 'index.html')),
  );
  serveWebClient(app, resolve(__dirname, '..', config.WEB_DIST_DIR), {
    hideSourceMaps: config.NODE_ENV === 'production',
  });
  app.useWebSocketAdapter(new SocketIoAdapter(app, config));

  SwaggerModule.setup(`${API_PREFIX}/docs`, app, createApiDocument(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });
}

/**
 * The OpenAPI document of the app's routes (under the global prefix, set before): served at
 * `/api/docs-json`, and the source of the web client's types (`npm run api:types`).
 */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Laogao Circle API')
      .setDescription('老高电商圈: posts, real-time discussion and the Golden Crown Club')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpDrain } from './common/http/http-drain';
import { AppLogger } from './common/http/app-logger';
import type { AppConfig } from './config/env.schema';
import { SocketIoAdapter } from './common/realtime/socket-io.adapter';

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
          imgSrc: ["'self'", 'data:', 'https:'],
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
  app.useBodyParser('json', { limit: config.MAX_BODY_BYTES });
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({ origin: config.CORS_ORIGINS, credentials: false, maxAge: 600 });
  }
  app.setGlobalPrefix(API_PREFIX);
  serveWebClient(app, config);
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

/** Paths the web client never answers: the API (its JSON 404 included) and the sockets. */
const SERVER_PATHS = /^\/(api|socket\.io)(\/|$)/;

/**
 * The built web client at `/`: hashed assets cached for a year, and `index.html` for every
 * other GET outside `/api` and `/socket.io`, so client routes survive a reload.
 */
function serveWebClient(app: NestExpressApplication, config: AppConfig): void {
  const logger = new NestLogger('WebClient');
  const root = resolve(__dirname, '..', config.WEB_DIST_DIR);
  const indexHtml = join(root, 'index.html');
  if (!existsSync(indexHtml)) {
    logger.log(`No web client at ${root} (run npm run build): serving the API only`);
    return;
  }
  const assets = express.static(root, {
    index: false,
    setHeaders: (res: Response, path: string) => {
      const hashed = path.startsWith(join(root, 'assets'));
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Source maps help a developer, and show a stranger the client's source: not in production.
  const hideSourceMaps = config.NODE_ENV === 'production';
  // API and socket paths skip the file lookup (a stat() per request, ~9% of the feed's CPU).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) next();
    else if (hideSourceMaps && req.path.endsWith('.map')) res.status(404).end();
    else void assets(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml, (error?: Error) => {
      if (error) next(error);
    });
  });
}

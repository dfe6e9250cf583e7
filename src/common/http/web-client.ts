import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the web client never answers: the API (its JSON 404 included) and the sockets. */
const SERVER_PATHS = /^\/(api|socket\.io)(\/|$)/;

/**
 * The built web client at `/`, from the folder `root`: hashed assets cached for a year, and
 * `index.html` for every other GET outside `/api` and `/socket.io`, so client routes survive
 * a reload.
 */
export function serveWebClient(
  app: NestExpressApplication,
  root: string,
  options: { hideSourceMaps: boolean },
): void {
  const logger = new Logger('WebClient');
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
  const { hideSourceMaps } = options;
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

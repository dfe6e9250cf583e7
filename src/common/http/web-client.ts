import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the web client never answers: the API (its JSON 404 included) and the sockets. */
const SERVER_PATHS = /^\/(api|socket\.io)(\/|$)/;

/**
 * The files the build writes beside each text asset (`web/vite.config.mts`), best first:
 * `app.js.br` and `app.js.gz` are `app.js` compressed once, at build time.
 */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof PRECOMPRESSED)[number]['encoding'];

/** A built file (by its URL path) and the compressed copies that lie beside it. */
type PrecompressedFiles = Map<string, { file: string; encodings: Encoding[] }>;

/**
 * The built web client at `/`, from the folder `root`: hashed assets cached for a year, and
 * `index.html` for every other GET outside `/api` and `/socket.io`, so client routes survive
 * a reload. A file with a `.br` or `.gz` copy is sent from that copy to a client that accepts
 * it (`Content-Encoding`, the original's `Content-Type`, `Vary: Accept-Encoding`), and as
 * it is to one that accepts neither.
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
  const precompressed = findPrecompressed(root);
  const cacheControlOf = (urlPath: string): string =>
    urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  const assets = express.static(root, {
    index: false,
    setHeaders: (res: Response, path: string) => {
      res.setHeader(
        'Cache-Control',
        cacheControlOf(`/${relative(root, path).split(sep).join('/')}`),
      );
    },
  });

  /** Sends `urlPath` from its compressed copy if the client takes one; false if not. */
  const sendPrecompressed = (req: Request, res: Response, next: NextFunction, urlPath: string) => {
    const entry = precompressed.get(urlPath);
    if (!entry) return false;
    // The plain answer differs by Accept-Encoding too: a cache must not give it to everyone.
    res.vary('Accept-Encoding');
    // Brotli first when both are taken (browsers list gzip first, and brotli is smaller).
    const chosen = PRECOMPRESSED.find(
      ({ encoding }) => entry.encodings.includes(encoding) && req.acceptsEncodings(encoding),
    );
    if (!chosen) return false;
    res.setHeader('Content-Encoding', chosen.encoding);
    res.type(extname(entry.file));
    res.setHeader('Cache-Control', cacheControlOf(urlPath));
    res.sendFile(`${entry.file}${chosen.suffix}`, { cacheControl: false }, (error?: Error) => {
      if (error) next(error);
    });
    return true;
  };

  /**
   * The client page, for `/` and every client route. One place on purpose: a page rendered
   * on the server for some routes would be answered here.
   */
  const sendClientPage = (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Cache-Control', 'no-cache');
    if (sendPrecompressed(req, res, next, '/index.html')) return;
    res.sendFile(indexHtml, (error?: Error) => {
      if (error) next(error);
    });
  };

  // Source maps help a developer, and show a stranger the client's source: not in production.
  const { hideSourceMaps } = options;
  // API and socket paths skip the file lookup (a stat() per request, ~9% of the feed's CPU).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) next();
    else if (hideSourceMaps && req.path.endsWith('.map')) res.status(404).end();
    else if (isRead(req) && sendPrecompressed(req, res, next, req.path)) return;
    else void assets(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isRead(req) || SERVER_PATHS.test(req.path)) next();
    else sendClientPage(req, res, next);
  });
}

const isRead = (req: Request): boolean => req.method === 'GET' || req.method === 'HEAD';

/** Every file of `root` that has a compressed copy beside it, read once at start. */
function findPrecompressed(root: string): PrecompressedFiles {
  const names = new Set(readdirSync(root, { recursive: true, encoding: 'utf8' }));
  const found: PrecompressedFiles = new Map();
  for (const name of names) {
    const encodings = PRECOMPRESSED.filter(({ suffix }) => names.has(`${name}${suffix}`)).map(
      ({ encoding }) => encoding,
    );
    if (encodings.length > 0) {
      found.set(`/${name.split(sep).join('/')}`, { file: join(root, name), encodings });
    }
  }
  return found;
}

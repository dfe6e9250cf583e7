import { constants } from 'node:zlib';
import compression from 'compression';
import type { RequestHandler } from 'express';

/** Answers smaller than this go as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Compresses answers above 1 KB, in brotli or gzip by `Accept-Encoding` (brotli when both
 * are taken), with `Vary: Accept-Encoding`. Brotli runs at quality 5: on the feed's JSON,
 * quality 4 is no smaller than gzip, 5 is ~13% smaller for about gzip's CPU, and 11 costs
 * 35–190× the CPU for ~10% fewer bytes again (the web client's assets get 11 once, at build
 * time). `compression` leaves alone what is already encoded (the precompressed
 * assets), types that are compressed already (images), `Cache-Control: no-transform` and
 * requests without `Accept-Encoding`. Socket.IO never passes through Express.
 */
export function compressAnswers(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    level: 6,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Inject,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { pinoHttp, type HttpLogger, type Options as PinoHttpOptions } from 'pino-http';
import { AppConfigService } from '../../config/app-config.service';
import { loggableError } from '../errors/loggable-error';
import { AppLogger, bindRequestLogger, HTTP_LOGGER } from './app-logger';
import { logDestination } from './log-destination';

/** Where log lines go: pretty on a developer's terminal, else JSON on stdout (pino's own). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A request id for every log line: the caller's `X-Request-Id` when sane, else a new one. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The options of every log line: the request id, secrets redacted, and errors through
 * `loggableError` (a failed query's parameters never reach a log).
 */
export function pinoHttpOptions(level: string): PinoHttpOptions {
  return {
    level,
    genReqId: requestId,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.refreshToken',
        '*.accessToken',
        '*.annualTurnoverCny',
        '*.passwordHash',
        '*.email',
      ],
      censor: '[redacted]',
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    // pino-http would otherwise run pino's standard serializers first, and `loggableError`
    // would get a plain object instead of the error (every `err` logged as "[object Object]").
    wrapSerializers: false,
    serializers: {
      req: (request: { id: unknown; method: string; url: string; originalUrl?: string }) => ({
        id: request.id,
        method: request.method,
        url: request.originalUrl ?? request.url,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      err: (error: unknown) => loggableError(error),
    },
  };
}

/**
 * Every route under the global prefix, the prefix itself included (`{/*splat}` without a
 * leading slash becomes `/api{/*splat}`).
 */
const ALL_ROUTES = { path: '{/*splat}', method: RequestMethod.ALL };

/**
 * Structured logs (pino) with the request id; secrets never reach a log line. One pino
 * logger: pino-http's, which logs each request and gives it a child logger carrying
 * `req.id`; `AppLogger` writes Nest's lines through it, through that child inside a
 * request.
 */
@Module({
  providers: [
    {
      provide: LOG_DESTINATION,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) =>
        logDestination(config.get('NODE_ENV'), process.stdout),
    },
    {
      provide: HTTP_LOGGER,
      inject: [AppConfigService, LOG_DESTINATION],
      useFactory: (config: AppConfigService, destination: DestinationStream | undefined) =>
        pinoHttp(pinoHttpOptions(config.get('LOG_LEVEL')), destination),
    },
    AppLogger,
  ],
  exports: [AppLogger],
})
export class LoggerModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly httpLogger: HttpLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.httpLogger, bindRequestLogger).forRoutes(ALL_ROUTES);
  }
}

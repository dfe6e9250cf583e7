import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AppConfigService } from '../../config/app-config.service';
import { loggableError } from '../errors/loggable-error';
import { AppLogger } from './app-logger';

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
    serializers: {
      req: (request: { id: unknown; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      err: (error: unknown) => loggableError(error),
    },
  };
}

/** Structured JSON logs (pino) with the request id; secrets never reach a log line. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({
        pinoHttp: pinoHttpOptions(config.get('LOG_LEVEL')),
      }),
    }),
  ],
  providers: [AppLogger],
  exports: [AppLogger],
})
export class LoggerModule {}

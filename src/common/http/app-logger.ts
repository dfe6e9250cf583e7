import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import type { Level, Logger as PinoLogger } from 'pino';
import type { HttpLogger } from 'pino-http';

/** The pino-http middleware; its `logger` is the application's one pino logger. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** The logger of the request being handled: pino-http's child, which carries `req.id`. */
const requestLogger = new AsyncLocalStorage<PinoLogger>();

/**
 * The middleware after pino-http: runs the rest of the request with its child logger
 * bound, so every line logged while handling it carries its id.
 */
export function bindRequestLogger(
  request: IncomingMessage,
  _response: ServerResponse,
  next: () => void,
): void {
  requestLogger.run(request.log, next);
}

/** A message as text: strings as they are, anything else as `util.inspect` shows it. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value);
}

/** Nest's own start-up chatter: one line per module and route. Kept, but at debug level. */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
]);

/** What Nest's exception handlers pass as an error's second argument: a stack trace. */
const STACK = /\n\s*at /;

/**
 * The application's logger, behind every `new Logger(Context)`: pino, with the request's
 * child logger inside a request, the context in `context`, an `Error` (or an object's
 * `err`) through the `err` serializer, and Nest's start-up lines moved to debug so that
 * `npm start` shows the start banner rather than a hundred mapped routes.
 */
@Injectable()
export class AppLogger implements LoggerService {
  private readonly root: PinoLogger;

  constructor(@Inject(HTTP_LOGGER) httpLogger: HttpLogger) {
    this.root = httpLogger.logger;
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    const startUp = typeof context === 'string' && START_UP_CONTEXTS.has(context);
    this.write(startUp ? 'debug' : 'info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** Nest passes the context last; anything before it is printf arguments or a stack. */
  private write(level: Level, message: unknown, optionalParams: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.root;
    const fields: Record<string, unknown> = {};
    let args = optionalParams;
    if (args.length > 0) {
      fields.context = args[args.length - 1];
      args = args.slice(0, -1);
    }
    if (typeof message === 'object' && message !== null) {
      const object =
        message instanceof Error ? { ...fields, err: message } : { ...fields, ...message };
      const [format, ...formatArgs] = args;
      if (format === undefined) logger[level](object);
      else logger[level](object, asText(format), ...formatArgs);
    } else if (
      level === 'error' &&
      args.length === 1 &&
      typeof args[0] === 'string' &&
      STACK.test(args[0])
    ) {
      // `error(message, stack, context)`, as Nest's exception handlers call it.
      const err = new Error(asText(message));
      err.stack = args[0];
      logger.error({ ...fields, err });
    } else {
      logger[level](fields, asText(message), ...args);
    }
  }
}

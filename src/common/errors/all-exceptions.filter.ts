import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { languageOf } from '../i18n/language';
import { DomainError, RateLimitedError } from './domain-error';
import { codeForStatus, type ErrorBody } from './error-body';

/** What body-parser throws: an `http-errors` object with a `type`. */
interface BodyParserError {
  status: number;
  type: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

/** Errors that mean the database cannot be reached, rather than a bad query. */
const DATABASE_DOWN =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|timeout exceeded when trying to connect|Query read timeout|Too many connections/i;

/**
 * SQLSTATEs the server sends when it cannot serve the connection: class 08 (connection
 * exception), 53300 (too many connections), 57P01-57P03 (shutting down, cannot connect now),
 * and 57014 (the statement timeout: the database is too busy to answer in time).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[123]|57014)$/;

/**
 * TypeORM wraps every error of a query in a `QueryFailedError`, including a connection
 * that drops while the query runs ("Connection terminated unexpectedly", "Query read
 * timeout"): those mean the database is down, not that the query is wrong. An error the
 * server sent (it has a `severity`) is judged by its SQLSTATE; the others, raised by the
 * client library, by their message.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  if (exception instanceof QueryFailedError) {
    const driverError = exception.driverError as { code?: unknown; severity?: unknown };
    if (typeof driverError?.severity === 'string') {
      return typeof driverError.code === 'string' && UNAVAILABLE_SQLSTATE.test(driverError.code);
    }
  }
  return DATABASE_DOWN.test(exception.message);
}

/**
 * Every HTTP error leaves through here, as the API contract's body `{statusCode, code, message,
 * details?}`. Anything unexpected is logged with the request id and answers a bare 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception, request);

    if (exception instanceof RateLimitedError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (!response.headersSent) {
      response.status(body.statusCode).json(body);
    }
  }

  private toBody(exception: unknown, request: Request & { id?: string }): ErrorBody {
    if (exception instanceof DomainError) {
      // Details that people read (a field's problems) come in the caller's language.
      const details = exception.detailsIn(languageOf(request));
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        ...(details ? { details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { statusCode: status, code: codeForStatus(status), message: messageOf(exception) };
    }
    if (isBodyParserError(exception) && exception.status < 500) {
      return {
        statusCode: exception.status,
        code: codeForStatus(exception.status),
        message:
          exception.type === 'entity.too.large'
            ? 'The request body is too large'
            : exception.type === 'entity.parse.failed'
              ? 'The request body is not valid JSON'
              : 'The request body could not be read',
      };
    }
    const cause = exception instanceof Error ? exception : new Error(String(exception));
    const databaseDown = isDatabaseUnavailable(exception);
    this.logger.error(
      { err: cause, requestId: request.id, method: request.method, path: request.path },
      databaseDown ? 'Database unavailable' : 'Unhandled error',
    );
    if (databaseDown) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'UNAVAILABLE',
        message: 'The service is temporarily unavailable',
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: `Something went wrong (request ${request.id ?? 'unknown'})`,
    };
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}

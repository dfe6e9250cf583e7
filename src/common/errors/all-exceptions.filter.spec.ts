import { Logger, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, isDatabaseUnavailable } from './all-exceptions.filter';

/** What `pg` raises: server errors carry a `severity` and a SQLSTATE `code`. */
function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', code });
}

function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

function answer(exception: unknown): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  const response = {
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({
      getResponse: () => response,
      getRequest: () => ({ id: 'req-1', method: 'GET', path: '/api/posts' }),
    }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe(AllExceptionsFilter.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it.each([
    [
      'a connection dropped under a running query',
      queryFailed(new Error('Connection terminated unexpectedly')),
    ],
    ['the client-side query timeout', queryFailed(new Error('Query read timeout'))],
    ['a refused connection', new Error('connect ECONNREFUSED 127.0.0.1:5432')],
    ['the pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    [
      'a server shutting down',
      queryFailed(serverError('57P01', 'terminating connection due to administrator command')),
    ],
    ['a connection exception', queryFailed(serverError('08006', 'connection failure'))],
    [
      'the server-side statement timeout',
      queryFailed(serverError('57014', 'canceling statement due to statement timeout')),
    ],
  ])('answers 503 UNAVAILABLE for %s', (_, exception) => {
    expect(isDatabaseUnavailable(exception)).toBe(true);
    expect(answer(exception)).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        code: 'UNAVAILABLE',
        message: 'The service is temporarily unavailable',
      },
    });
  });

  it.each([
    ['a failed query', queryFailed(serverError('42703', 'column "nope" does not exist'))],
    [
      'a server error that quotes a connection word',
      queryFailed(serverError('22P02', 'invalid input "ECONNRESET"')),
    ],
    ['an unknown error', new TypeError('x is undefined')],
  ])('answers 500 INTERNAL_ERROR for %s', (_, exception) => {
    expect(isDatabaseUnavailable(exception)).toBe(false);
    expect(answer(exception)).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
  });
});

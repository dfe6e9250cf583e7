import { QueryFailedError } from 'typeorm';

/** What an error becomes in a log line: enough to find the fault, no personal data. */
export interface LoggableError {
  type: string;
  message: string;
  stack?: string;
  /** SQLSTATE of a failed query. */
  sqlstate?: string;
  table?: string;
  constraint?: string;
  /** The failed statement's opening words (`INSERT INTO "members"`), never its parameters. */
  statement?: string;
  cause?: LoggableError;
}

const STATEMENT_WORDS = 6;

/**
 * Quoted values in a database message (`invalid input syntax for type uuid: "…"`,
 * `Key (email)=(…)`): they are what the member sent, so they leave the log.
 */
function withoutValues(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)=\([^()]*\)/g, '(…)=(…)');
}

/** The first words of a SQL statement: it names the statement without a value in it. */
function statementName(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  return query.trim().split(/\s+/).slice(0, STATEMENT_WORDS).join(' ').slice(0, 120);
}

/**
 * The one way an error reaches a log (the pino `err` serializer uses it). A failed query
 * keeps its SQLSTATE, table, constraint and statement name, and loses its parameters, its
 * `detail` and the quoted values in its message: they would put emails, password hashes,
 * company names or turnover figures in the log.
 */
export function loggableError(error: unknown, depth = 0): LoggableError {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: withoutValues(String(error)).slice(0, 200) };
  }
  if (error instanceof QueryFailedError) {
    const driver = error.driverError as {
      code?: unknown;
      table?: unknown;
      constraint?: unknown;
    };
    const message = withoutValues(error.message);
    return {
      type: 'QueryFailedError',
      message,
      ...(typeof driver.code === 'string' ? { sqlstate: driver.code } : {}),
      ...(typeof driver.table === 'string' ? { table: driver.table } : {}),
      ...(typeof driver.constraint === 'string' ? { constraint: driver.constraint } : {}),
      statement: statementName(error.query),
      stack: stackWithout(error, message),
    };
  }
  const code = (error as { code?: unknown }).code;
  const isDatabaseError = typeof (error as { severity?: unknown }).severity === 'string';
  const message = isDatabaseError ? withoutValues(error.message) : error.message;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message,
    ...(isDatabaseError && typeof code === 'string' ? { sqlstate: code } : {}),
    stack: stackWithout(error, message),
    ...(cause !== undefined && depth < 3 ? { cause: loggableError(cause, depth + 1) } : {}),
  };
}

/** The stack's frames under a first line that carries the cleaned message. */
function stackWithout(error: Error, message: string): string | undefined {
  if (!error.stack) return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${error.name}: ${message}`, ...frames].join('\n');
}

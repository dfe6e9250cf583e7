import type { TFunction } from 'i18next';
import { ApiError } from './api';
import { localeOf } from '../i18n';
import { formatCny, formatDay } from './format';

const KNOWN = new Set([
  'NETWORK',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'VALIDATION_FAILED',
  'INTERNAL_ERROR',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'BAD_REQUEST',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'PASSWORD_INCORRECT',
  'TOKEN_REUSED',
  'TOKEN_INVALID',
  'EMAIL_NOT_VERIFIED',
  'MEMBER_SUSPENDED',
  'NOT_IN_ROOM',
  'APPLICATION_INELIGIBLE',
  'PRIVACY_CONSENT_REQUIRED',
  'APPLICATION_ALREADY_OPEN',
  'ALREADY_MEMBER',
  'REAPPLY_TOO_SOON',
  'APPLICATION_ALREADY_DECIDED',
  'REPORT_ALREADY_OPEN',
  'NOT_GOLDEN_CROWN',
  'TURNOVER_BELOW_MINIMUM',
  'NOT_DECISION_MAKER',
  'THIRD_PARTY_SERVICE_PROVIDER',
  'TOO_MANY_SOCKETS',
  'BLOCKED',
  'DM_NOT_ALLOWED',
]);

export interface FieldProblem {
  field: string;
  messages: string[];
}

interface Context {
  minTurnover?: number;
}

/** An API error code as one sentence in the reader's language, never raw JSON. */
export function codeMessage(
  code: string,
  t: TFunction,
  language: string,
  details: unknown[] = [],
  context: Context = {},
): string {
  if (!KNOWN.has(code)) {
    if (code.startsWith('HTTP_5')) return t('errors.INTERNAL_ERROR');
    return t('errors.unknown', { code });
  }
  const first = details[0] as Record<string, unknown> | undefined;
  const reapplyAt = typeof first?.reapplyAt === 'string' ? first.reapplyAt : undefined;
  return t(`errors.${code}`, {
    date: reapplyAt ? formatDay(reapplyAt, language) : '',
    min: formatCny(context.minTurnover ?? 70_000_000, language),
  });
}

export function errorMessage(
  error: unknown,
  t: TFunction,
  language: string,
  context: Context = {},
): string {
  if (error instanceof ApiError) {
    if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined) {
      return t('errors.RATE_LIMITED_WAIT', { when: retryWhen(error.retryAfterSeconds, language) });
    }
    return codeMessage(error.code, t, language, error.details, context);
  }
  return t('errors.INTERNAL_ERROR');
}

/** When a `Retry-After` ends, as people say it: "in 15 minutes", "15分钟后". */
export function retryWhen(seconds: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(localeOf(language), { numeric: 'always' });
  if (seconds < 60) return format.format(Math.ceil(seconds), 'second');
  if (seconds < 3600) return format.format(Math.ceil(seconds / 60), 'minute');
  return format.format(Math.ceil(seconds / 3600), 'hour');
}

/**
 * What was asked for is not there for this reader: a `404`, or an id in the page's address
 * that is not an id at all (the route parameter's `400`), which is the same thing to a
 * reader and must not show the server's "id must be a UUID".
 */
export function isMissing(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 404) return true;
  const problems = fieldProblems(error);
  return problems.length > 0 && problems.every((problem) => problem.field === 'id');
}

/** The `details` of a `400 VALIDATION_FAILED`, by field. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  return error.details.filter(
    (detail): detail is FieldProblem =>
      typeof detail === 'object' &&
      detail !== null &&
      typeof (detail as FieldProblem).field === 'string' &&
      Array.isArray((detail as FieldProblem).messages),
  );
}

import { FALLBACK_LANGUAGE, type Language, type Localized } from '../i18n/language';

/**
 * An error a service raises on purpose: a stable `code` clients switch on, the HTTP
 * status it answers with, and optional `details`. The exception filter turns it into
 * The API contract's error body.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** `details` as answered to a caller reading `language`; the same in every language here. */
  detailsIn(_language: Language): unknown[] | undefined {
    return this.details;
  }
}

/** One refused field as answered: an entry of a `400 VALIDATION_FAILED`'s `details`. */
export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * One refused field, each message in every answer language. The English one names the
 * field ("title must be…", class-validator's wording); the Chinese one is written to follow
 * the field's label in a form ("不能超过 200 个字符"), since `field` is given beside it.
 */
export interface FieldProblem {
  field: string;
  messages: Localized[];
}

export class ValidationFailedError extends DomainError {
  constructor(
    readonly problems: FieldProblem[],
    message = 'The request is not valid',
  ) {
    super(400, 'VALIDATION_FAILED', message, fieldErrorsIn(problems, FALLBACK_LANGUAGE));
  }

  /** The details in the caller's language (`Accept-Language`). */
  override detailsIn(language: Language): FieldError[] {
    return fieldErrorsIn(this.problems, language);
  }
}

function fieldErrorsIn(problems: FieldProblem[], language: Language): FieldError[] {
  return problems.map(({ field, messages }) => ({
    field,
    messages: messages.map((message) => message[language]),
  }));
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication is required', code = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this', code = 'FORBIDDEN') {
    super(403, code, message);
  }
}

/** Also what a caller sees for a resource that exists but is not theirs to see. */
export class NotFoundError extends DomainError {
  constructor(what = 'Resource') {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown[]) {
    super(409, code, message, details);
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, details?: unknown[]) {
    super(422, code, message, details);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many requests, try again later');
  }
}

export class UnavailableError extends DomainError {
  constructor(message = 'The service is temporarily unavailable') {
    super(503, 'UNAVAILABLE', message);
  }
}

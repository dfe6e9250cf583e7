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
}

export interface FieldError {
  field: string;
  messages: string[];
}

export class ValidationFailedError extends DomainError {
  constructor(details: FieldError[], message = 'The request is not valid') {
    super(400, 'VALIDATION_FAILED', message, details);
  }
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

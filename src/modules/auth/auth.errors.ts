import {
  DomainError,
  ForbiddenError,
  UnauthenticatedError,
} from '../../common/errors/domain-error';

export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super('The email or password is not correct', 'INVALID_CREDENTIALS');
  }
}

/** A refresh token presented a second time: the whole session has been ended. */
export class TokenReusedError extends UnauthenticatedError {
  constructor() {
    super('This refresh token was already used; the session has been ended', 'TOKEN_REUSED');
  }
}

/** A suspended member may read but not write, over HTTP or sockets. */
export class MemberSuspendedError extends ForbiddenError {
  constructor() {
    super('Your account is suspended', 'MEMBER_SUSPENDED');
  }
}

/** A mailed link's token (reset, verification, email change) unknown, used or expired. */
export class TokenInvalidError extends DomainError {
  constructor() {
    super(400, 'TOKEN_INVALID', 'This link is not valid any more; ask for a new one');
  }
}

/** With `EMAIL_VERIFICATION=required`: publishing waits until the address is verified. */
export class EmailNotVerifiedError extends ForbiddenError {
  constructor() {
    super('Verify your email address first: open the link we mailed you', 'EMAIL_NOT_VERIFIED');
  }
}

/** A write that needs the account's own password (erasure, email change) got a wrong one. */
export class PasswordIncorrectError extends ForbiddenError {
  constructor() {
    super('The password is not correct', 'PASSWORD_INCORRECT');
  }
}

import { ForbiddenError } from '../../common/errors/domain-error';

/** Erasure needs the account's password; a wrong one erases nothing. */
export class PasswordIncorrectError extends ForbiddenError {
  constructor() {
    super('The password is not correct', 'PASSWORD_INCORRECT');
  }
}

import { DomainError } from '../../common/errors/domain-error';

/** An unsubscribe link this server did not sign (forged, cut short, altered). */
export class UnsubscribeTokenInvalidError extends DomainError {
  constructor() {
    super(400, 'TOKEN_INVALID', 'This unsubscribe link is not valid');
  }
}

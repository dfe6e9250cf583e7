import { DomainError } from '../../common/errors/domain-error';

/** The handshake of a member who has `MAX_SOCKETS_PER_MEMBER` sockets open already. */
export class TooManySocketsError extends DomainError {
  constructor(max: number) {
    super(429, 'TOO_MANY_SOCKETS', `At most ${max} connections per member`);
  }
}

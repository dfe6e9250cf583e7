import { ConflictError, DomainError, ForbiddenError } from '../../common/errors/domain-error';

/** The handshake of a member who has `MAX_SOCKETS_PER_MEMBER` sockets open already. */
export class TooManySocketsError extends DomainError {
  constructor(max: number) {
    super(429, 'TOO_MANY_SOCKETS', `At most ${max} connections per member`);
  }
}

/** A message sent to a room the socket has not joined. */
export class NotInRoomError extends ForbiddenError {
  constructor() {
    super('Join the room first', 'NOT_IN_ROOM');
  }
}

/** Room slugs are unique; the answer names the field like a validation error. */
export class RoomSlugTakenError extends ConflictError {
  constructor() {
    super('CONFLICT', 'A room with this slug already exists', [
      { field: 'slug', messages: ['slug is taken'] },
    ]);
  }
}

/**
 * A direct message or conversation the recipients do not accept (their `dmFrom`, or a block
 * of theirs, which this never names).
 */
export class DmNotAllowedError extends ForbiddenError {
  constructor() {
    super('This member does not accept direct messages from you', 'DM_NOT_ALLOWED');
  }
}

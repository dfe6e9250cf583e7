import { ForbiddenError, ValidationFailedError } from '../../common/errors/domain-error';

export class SelfFollowError extends ValidationFailedError {
  constructor() {
    super(
      [{ field: 'id', messages: [{ en: 'id must not be your own', zh: '不能关注自己' }] }],
      'You cannot follow yourself',
    );
  }
}

/**
 * To a member whom the other blocked: the refusal names no block (SPEC, Blocks: the blocked
 * member sees nothing but refusals that do not say why).
 */
export class FollowNotAllowedError extends ForbiddenError {
  constructor() {
    super('You cannot follow this member', 'FOLLOW_NOT_ALLOWED');
  }
}

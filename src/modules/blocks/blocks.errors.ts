import { ForbiddenError, ValidationFailedError } from '../../common/errors/domain-error';

export class SelfBlockError extends ValidationFailedError {
  constructor() {
    super(
      [{ field: 'id', messages: [{ en: 'id must not be your own', zh: '不能屏蔽自己' }] }],
      'You cannot block yourself',
    );
  }
}

/** To the blocker: they blocked the other member (the blocked member never sees this code). */
export class BlockedError extends ForbiddenError {
  constructor() {
    super('You have blocked this member', 'BLOCKED');
  }
}

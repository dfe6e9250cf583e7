import { ValidationFailedError } from '../../common/errors/domain-error';

/** A stats range that is not a real day, runs backwards, or is longer than a bucket allows. */
export class StatsRangeInvalidError extends ValidationFailedError {
  constructor(field: 'from' | 'to', en: string, zh: string) {
    super([{ field, messages: [{ en, zh }] }]);
  }
}

import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';
import { assertSafeInput } from './safe-input';
import { flattenValidationErrors } from './validation.pipe';

/**
 * What the global pipe does, for input that does not pass through it (a socket payload,
 * a body a guard reads first): the input-safety check, then the DTO's rules with unknown
 * properties refused. `400 VALIDATION_FAILED` with details otherwise.
 */
export function validateInput<T extends object>(
  type: ClassConstructor<T>,
  data: object,
  root: string,
): T {
  const input = plainToInstance(type, assertSafeInput(data, root));
  const errors = validateSync(input, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true, value: false },
  });
  if (errors.length > 0) throw new ValidationFailedError(flattenValidationErrors(errors));
  return input;
}

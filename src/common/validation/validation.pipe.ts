import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldProblem } from '../errors/domain-error';
import { constraintMessages } from './constraint-messages';
import { assertSafeInput } from './safe-input';

/**
 * class-validator's errors as one problem per field, nested fields by their path. The
 * errors must carry their `target` (the Chinese reads the constraint's arguments from the
 * target's metadata); nothing of the target is answered.
 */
function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints
      ? [{ field, messages: constraintMessages(error) }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * `ValidationPipe` behind the input-safety check: every body, query and route parameter
 * is walked by `assertSafeInput` before class-transformer runs, whatever its DTO (or
 * none) says.
 */
class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { type, data } = metadata;
    const checked =
      type === 'body' || type === 'query' || type === 'param'
        ? assertSafeInput(value, data ?? type)
        : value;
    return super.transform(checked, metadata);
  }
}

/**
 * The one validation pipe: unsafe input refused, unknown properties refused, payloads
 * transformed into their DTO classes, and failures answered as `400 VALIDATION_FAILED`
 * with a `details` entry per field, in the caller's language (the exception filter picks it).
 */
export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}

export { flatten as flattenValidationErrors };

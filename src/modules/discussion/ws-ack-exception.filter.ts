import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { DomainError, ValidationFailedError } from '../../common/errors/domain-error';
import { validateInput } from '../../common/validation/validate-input';
import type { AckError } from './discussion.events';

/**
 * The gateway's exception filter. Global filters do not run for socket handlers, and
 * Nest's own ws filter never calls the acknowledgement: this one answers it with
 * `{ok: false, code, message}`, so a client is never left waiting.
 */
@Catch()
export class WsAckExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DiscussionGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = host
      .getArgs()
      .findLast((arg): arg is (answer: AckError) => void => typeof arg === 'function');
    ack?.(this.toAck(exception));
  }

  private toAck(exception: unknown): AckError {
    if (exception instanceof DomainError) {
      return {
        ok: false,
        code: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      };
    }
    this.logger.error({ err: exception }, 'Unhandled error in a socket event');
    return { ok: false, code: 'INTERNAL_ERROR', message: 'Something went wrong' };
  }
}

/**
 * Validates a socket payload into its class, after the same input-safety check as every
 * HTTP request; `VALIDATION_FAILED` with details otherwise.
 */
export function validatePayload<T extends object>(type: ClassConstructor<T>, data: unknown): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ValidationFailedError([
      { field: 'payload', messages: [{ en: 'payload must be an object', zh: '须为对象' }] },
    ]);
  }
  return validateInput(type, data, 'payload');
}

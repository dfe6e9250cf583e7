import {
  DomainError,
  UnprocessableError,
  ValidationFailedError,
} from '../../common/errors/domain-error';

/** The bytes are not a type the purpose accepts (SVG, HTML, a script, a polyglot, a mismatch). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message = 'This kind of file is not accepted') {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

/** More bytes than `MAX_UPLOAD_BYTES`. */
export class PayloadTooLargeError extends DomainError {
  constructor(limit: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `A file may have at most ${limit} bytes`);
  }
}

/** An image over 40 megapixels, or one that does not decode. */
export class ImageUnprocessableError extends UnprocessableError {
  constructor(message = 'The image cannot be processed') {
    super('IMAGE_UNPROCESSABLE', message);
  }
}

export class UploadFieldError extends ValidationFailedError {
  constructor(field: 'file' | 'purpose' | 'variant', en: string, zh: string) {
    super([{ field, messages: [{ en, zh }] }]);
  }
}

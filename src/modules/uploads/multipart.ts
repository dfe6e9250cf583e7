import busboy from 'busboy';
import type { Request } from 'express';
import { PayloadTooLargeError } from './uploads.errors';
import { UploadFieldError } from './uploads.errors';

export interface MultipartUpload {
  fields: Map<string, string>;
  file: { name: string; data: Buffer } | null;
}

/** Room for the form's boundaries and small fields beside the file. */
const OVERHEAD = 64 * 1024;

const malformed = () =>
  new UploadFieldError(
    'file',
    'the body must be multipart/form-data with a file',
    '请求须为带文件的 multipart/form-data',
  );

/**
 * Reads a `multipart/form-data` request as it streams in: fields in any order, one part
 * named `file` kept up to `maxBytes` (never more in memory), other files drained.
 * A file over the limit is `413`; the rest of the body is read and dropped, so the
 * client receives the answer.
 */
export function readMultipart(req: Request, maxBytes: number): Promise<MultipartUpload> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + OVERHEAD) {
    req.resume();
    return Promise.reject(new PayloadTooLargeError(maxBytes));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 10 },
    });
  } catch {
    req.resume();
    return Promise.reject(malformed());
  }
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let file: MultipartUpload['file'] = null;
    let tooLarge = false;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file !== null) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (!tooLarge) file = { name: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (failed) return;
      if (tooLarge) reject(new PayloadTooLargeError(maxBytes));
      else resolve({ fields, file });
    });
    req.on('aborted', () => fail(malformed()));
    req.pipe(parser);
  });
}

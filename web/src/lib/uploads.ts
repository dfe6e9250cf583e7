import { ApiError, session } from './api';

export type UploadPurpose = 'avatar' | 'post_image' | 'application_evidence';

export interface UploadedFile {
  id: string;
  url: string;
  contentType: string;
  bytes: number;
  width?: number;
  height?: number;
}

/**
 * `POST /api/uploads` with XMLHttpRequest, which reports upload progress (fetch does not):
 * `onProgress` gets 0…1. A 401 refreshes the session once and sends again.
 */
export async function uploadFile(
  file: Blob,
  fileName: string,
  purpose: UploadPurpose,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<UploadedFile> {
  if (session.token === null && session.canRefresh) await session.refresh();
  let answer = await send(file, fileName, purpose, onProgress);
  if (answer.status === 401 && (await session.refresh())) {
    answer = await send(file, fileName, purpose, onProgress);
  }
  const body = parse(answer.text);
  if (answer.status !== 201) {
    throw new ApiError(
      answer.status,
      typeof body.code === 'string' ? body.code : `HTTP_${answer.status}`,
      typeof body.message === 'string' ? body.message : 'Upload failed',
      [],
    );
  }
  return body as unknown as UploadedFile;
}

function parse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function send(
  file: Blob,
  fileName: string,
  purpose: UploadPurpose,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.setRequestHeader('Accept-Language', session.language);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached', []));
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', file, fileName);
    xhr.send(form);
  });
}

/** A square crop from the centre of an image file, as PNG at most `side` pixels. */
export async function squareCrop(file: Blob, side = 512): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const edge = Math.min(bitmap.width, bitmap.height);
  const size = Math.min(edge, side);
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No canvas');
  context.drawImage(
    bitmap,
    (bitmap.width - edge) / 2,
    (bitmap.height - edge) / 2,
    edge,
    edge,
    0,
    0,
    size,
    size,
  );
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No image'))), 'image/png'),
  );
}

import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ImageUnprocessableError, UnsupportedMediaTypeError } from './uploads.errors';

export const UPLOAD_PURPOSES = ['avatar', 'post_image', 'application_evidence'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

/** Over this many pixels an image is refused before it is decoded (decompression bombs). */
export const MAX_PIXELS = 40_000_000;
/** The longest side of a stored image. */
export const MAX_SIDE = 2048;
/** An avatar's side: a square. */
export const AVATAR_SIDE = 256;

const IMAGE_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
const PDF = 'application/pdf';

/** File name extensions a member's file may carry, and the sniffed type each must be. */
const NAME_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': PDF,
};

/**
 * Markup or script a browser could run if it ever took the file for a page: an image or a
 * PDF carrying it is a polyglot. Re-encoding removes it from images, but such a file is
 * refused outright, as the contract says.
 */
const MARKUP = /<(?:script|html|svg|body|iframe|object|embed|head|meta)[\s>/]|<\?xml|<!doctype/i;

/** A file ready for the store: bytes as served, and an image's WebP variant. */
export interface ProcessedUpload {
  contentType: string;
  bytes: Buffer;
  key: string;
  width: number | null;
  height: number | null;
  webp: { bytes: Buffer; key: string } | null;
}

export function keyOf(bytes: Buffer, extension: string): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
}

/**
 * Decides the type from the bytes (never the name or the header), refuses what the
 * purpose does not accept, and re-encodes images: orientation applied, every piece of
 * metadata (EXIF, GPS, ICC comments) dropped, at most 2,048 px a side (avatars a 256 px
 * square), plus a WebP variant. Evidence PDFs are kept as they are.
 */
export async function processUpload(
  purpose: UploadPurpose,
  fileName: string,
  data: Buffer,
): Promise<ProcessedUpload> {
  const sniffed = await fileTypeFromBuffer(data);
  const type = sniffed?.mime;
  const accepted =
    type !== undefined &&
    (type in IMAGE_TYPES || (type === PDF && purpose === 'application_evidence'));
  if (!accepted) throw new UnsupportedMediaTypeError();
  const named = NAME_TYPES[extname(fileName).toLowerCase()];
  if (extname(fileName) !== '' && named !== type) {
    throw new UnsupportedMediaTypeError('The file name does not match its contents');
  }
  if (MARKUP.test(data.toString('latin1'))) {
    throw new UnsupportedMediaTypeError('The file also holds markup or script');
  }
  if (type === PDF) {
    if (!data.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new UnsupportedMediaTypeError();
    return {
      contentType: PDF,
      bytes: data,
      key: keyOf(data, 'pdf'),
      width: null,
      height: null,
      webp: null,
    };
  }
  return reencode(purpose, type, data);
}

async function reencode(
  purpose: UploadPurpose,
  type: string,
  data: Buffer,
): Promise<ProcessedUpload> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    // The header only: a bomb is refused before any pixel is decoded.
    ({ width, height } = await sharp(data, { limitInputPixels: false }).metadata());
  } catch {
    throw new ImageUnprocessableError();
  }
  if (!width || !height) throw new ImageUnprocessableError();
  if (width * height > MAX_PIXELS) {
    throw new ImageUnprocessableError('The image has more than 40 megapixels');
  }
  try {
    const base = sharp(data, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false })
      .rotate()
      .resize(
        purpose === 'avatar'
          ? { width: AVATAR_SIDE, height: AVATAR_SIDE, fit: 'cover' }
          : { width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true },
      );
    const extension = IMAGE_TYPES[type];
    const encoded =
      extension === 'jpg'
        ? base.clone().jpeg({ quality: 85, mozjpeg: true })
        : extension === 'png'
          ? base.clone().png({ compressionLevel: 9 })
          : extension === 'gif'
            ? base.clone().gif()
            : base.clone().webp({ quality: 82 });
    const { data: bytes, info } = await encoded.toBuffer({ resolveWithObject: true });
    const key = keyOf(bytes, extension);
    let webp: ProcessedUpload['webp'] = { bytes, key };
    if (extension !== 'webp') {
      const webpBytes = await base.clone().webp({ quality: 82 }).toBuffer();
      webp = { bytes: webpBytes, key: keyOf(webpBytes, 'webp') };
    }
    return { contentType: type, bytes, key, width: info.width, height: info.height, webp };
  } catch {
    throw new ImageUnprocessableError();
  }
}

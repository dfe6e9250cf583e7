import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { Response } from 'supertest';
import type { TestApp } from './test-app';
import type { TestMember } from './factories';

/** A solid image of the given size and format, in a random colour (unique bytes). */
export function image(
  width = 64,
  height = 48,
  format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png',
): Promise<Buffer> {
  const [r, g, b] = randomBytes(3);
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .toFormat(format)
    .toBuffer();
}

/** A JPEG whose EXIF (image description) carries `marker`. */
export function jpegWithExif(marker: string): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } })
    .jpeg()
    .withExif({ IFD0: { ImageDescription: marker, Copyright: marker } })
    .toBuffer();
}

/** A valid small PNG whose header declares `width` × `height` (a decompression bomb). */
export async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await image(8, 8));
  // The IHDR chunk: length (4), type (4) at offset 8; data at 16 (width, height, …); CRC after 13 bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
);
export const HTML_PAGE = Buffer.from(
  '<!doctype html><html><body><script>alert(1)</script></body></html>',
);
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

/** `POST /api/uploads`; `purposeFirst: false` sends the file before the purpose. */
export function upload(
  t: TestApp,
  member: TestMember | undefined,
  purpose: string,
  bytes: Buffer,
  fileName = 'file.png',
  purposeFirst = true,
) {
  let req = t.http().post('/api/uploads');
  if (member) req = req.set(member.auth);
  if (purposeFirst) return req.field('purpose', purpose).attach('file', bytes, fileName);
  return req.attach('file', bytes, fileName).field('purpose', purpose);
}

/** Reads a response's body as bytes, whatever its type (a supertest parser). */
export function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** `GET` a file as bytes (signed in as `member`, or a visitor). */
export function fetchFile(
  t: TestApp,
  url: string,
  member?: TestMember,
): Promise<Response & { body: Buffer }> {
  let req = t.http().get(url).buffer(true).parse(binary);
  if (member) req = req.set(member.auth);
  return req;
}

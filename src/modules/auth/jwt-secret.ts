import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IN_MEMORY } from '../../database/embedded-database';

const FILE = 'jwt-secret';

/**
 * `JWT_SECRET` when given; otherwise one generated at first start and kept in
 * `DATA_DIR`, so tokens survive a restart. (A `memory://` data folder keeps nothing.)
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  if (dataDir === IN_MEMORY) return randomBytes(48).toString('base64url');
  const path = join(dataDir, FILE);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch {
    // Not there yet: generated below.
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The secret as an HMAC key object. jsonwebtoken first tries to parse a string or Buffer
 * secret as a PEM public/private key on every sign and verify, and only falls back to an
 * HMAC key when that throws: 13% of the CPU of a signed-in feed request. The key bytes are
 * the same as that fallback's (`createSecretKey(Buffer.from(secret))`).
 */
export function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret));
}

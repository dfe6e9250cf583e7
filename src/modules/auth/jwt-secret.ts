import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IN_MEMORY } from '../../database/embedded-database';

const FILE = 'jwt-secret';

function readStored(path: string): string | null {
  try {
    const stored = readFileSync(path, 'utf8').trim();
    return stored.length >= 32 ? stored : null;
  } catch {
    return null;
  }
}

/**
 * `JWT_SECRET` when given; otherwise one generated at first start and kept in
 * `DATA_DIR`, so tokens survive a restart. (A `memory://` data folder keeps nothing.)
 * Processes starting together on one folder (`WEB_CONCURRENCY`) end up with the same
 * secret: a new one is written to a file of its own, then linked into place, which fails
 * for all but the first; the others read the winner's.
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  if (dataDir === IN_MEMORY) return randomBytes(48).toString('base64url');
  const path = join(dataDir, FILE);
  const stored = readStored(path);
  if (stored) return stored;
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${secret}\n`, { mode: 0o600 });
  try {
    linkSync(draft, path);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process linked its secret first; a file too short to be one is replaced.
    const winner = readStored(path);
    if (winner) return winner;
    writeFileSync(path, `${secret}\n`, { mode: 0o600 });
    return secret;
  } finally {
    unlinkSync(draft);
  }
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

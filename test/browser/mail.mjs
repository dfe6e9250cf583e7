// Reading the mail of the journeys' server: without SMTP_URL it writes each mail as an .eml
// file under DATA_DIR/mail (the embedded default), which the journeys open as a reader would.
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Quoted-printable to text (soft line breaks, =XX bytes as UTF-8). */
function decodeQuotedPrintable(body) {
  const soft = body.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? /^[0-9A-F]{2}/i.exec(soft.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The plain text part of a MIME message. */
export function plainText(raw) {
  const match =
    /Content-Type: text\/plain[^]*?Content-Transfer-Encoding: ([\w-]+)\r?\n\r?\n([^]*?)\r?\n--/i.exec(
      raw,
    );
  assert.ok(match, `no text/plain part in:\n${raw.slice(0, 2000)}`);
  const [, encoding, body] = match;
  if (/base64/i.test(encoding))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return /quoted-printable/i.test(encoding) ? decodeQuotedPrintable(body) : body;
}

/**
 * The newest .eml to `email` under `dataDir`/mail written at or after `after` whose plain
 * text holds `holding` (a link's path, say), waiting for the worker to write it.
 */
export async function newestMailTo(dataDir, email, after, holding = '') {
  const dir = join(dataDir, 'mail');
  for (let waited = 0; waited < 15_000; waited += 200) {
    const names = await readdir(dir).catch(() => []);
    const files = await Promise.all(
      names
        .filter((name) => name.endsWith('.eml'))
        .map(async (name) => ({
          path: join(dir, name),
          at: (await stat(join(dir, name))).mtimeMs,
        })),
    );
    for (const file of files.filter((f) => f.at >= after).sort((a, b) => b.at - a.at)) {
      const raw = await readFile(file.path, 'utf8');
      if (
        new RegExp(`^To: .*${email.replace(/[.+]/g, '\\$&')}`, 'mi').test(raw) &&
        plainText(raw).includes(holding)
      ) {
        return raw;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${email}${holding ? ` with ${holding}` : ''} in ${dir}`);
}

/** The link of the mail to `path` (`/reset-password`, `/verify-email`), as a path and query. */
export function linkPath(raw, path) {
  const link = new RegExp(`^(https?://\\S+${path}\\?token=\\S+)$`, 'm').exec(plainText(raw))?.[1];
  assert.ok(link, `the mail has a ${path} link on a line of its own`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

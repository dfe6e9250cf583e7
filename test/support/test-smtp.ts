import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as a test reads it: envelope, headers, and the decoded plain text and HTML parts. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  headers: Map<string, string>;
  /** The `Message-ID` header, `<…>`. */
  messageId: string;
  subject: string;
  text: string;
  html: string;
}

/** An SMTP refusal: `responseCode` is what smtp-server answers with. */
function refusal(code: number, what: string): Error & { responseCode: number } {
  return Object.assign(new Error(`${what} refused by the test server`), { responseCode: code });
}

/**
 * A real SMTP server in the test's process that keeps every mail it is given, and can be
 * made to fail as real ones do: `stop()` then `start(port)` refuses connections in between;
 * `connectionAnswer` (421) greets every connection with a refusal; `recipientAnswer` (451)
 * or `refuse.set(address, 550)` answers `RCPT TO` with that code; `dataAnswer` (554) refuses
 * every message after its data.
 */
export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  /** Every address given to `RCPT TO`, accepted or not, in order. */
  readonly recipientsTried: string[] = [];
  /** Addresses answered with this code at `RCPT TO` (550: refused for good, 451: later). */
  readonly refuse = new Map<string, number>();
  /** When set, every `RCPT TO` is answered with this code. */
  recipientAnswer: number | null = null;
  /** When set, every new connection is answered with this code (421: busy) and closed. */
  connectionAnswer: number | null = null;
  /** When set, every message is answered with this code after its data (554: content refused). */
  dataAnswer: number | null = null;
  private server?: SMTPServer;
  port = 0;

  /** Listens on `port` (a free one when 0 or omitted: read `port` after). */
  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        if (this.connectionAnswer === null) return callback();
        return callback(refusal(this.connectionAnswer, 'connection'));
      },
      onRcptTo: (address, _session, callback) => {
        this.recipientsTried.push(address.address);
        const code = this.refuse.get(address.address) ?? this.recipientAnswer;
        if (code === null) return callback();
        return callback(refusal(code, address.address));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.dataAnswer !== null) return callback(refusal(this.dataAnswer, 'message'));
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            ...parseMail(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  /** Stops listening: connections are refused until `start(port)` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The mails sent to `address`, oldest first. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  /** Forgets what was received and tried, and answers everything normally again. */
  reset(): void {
    this.received.length = 0;
    this.recipientsTried.length = 0;
    this.refuse.clear();
    this.recipientAnswer = null;
    this.connectionAnswer = null;
    this.dataAnswer = null;
  }
}

function splitHeaders(block: string): { headers: Map<string, string>; body: string } {
  const at = block.indexOf('\r\n\r\n');
  const head = at < 0 ? block : block.slice(0, at);
  const body = at < 0 ? '' : block.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const soft = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
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
    default:
      return body;
  }
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_match, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
    );
}

/** A MIME message's headers and its text/plain and text/html parts, decoded. */
export function parseMail(raw: string): Omit<ReceivedMail, 'to'> {
  const { headers, body } = splitHeaders(raw);
  const parts: { type: string; text: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const blocks = boundary ? body.split(`--${boundary}`).slice(1, -1) : [];
  const single = [{ headers, body }];
  for (const part of boundary ? blocks.map((b) => splitHeaders(b.replace(/^\r\n/, ''))) : single) {
    parts.push({
      type: (part.headers.get('content-type') ?? 'text/plain').split(';')[0].toLowerCase(),
      text: decodeBody(part.body, part.headers.get('content-transfer-encoding')),
    });
  }
  return {
    raw,
    headers,
    messageId: headers.get('message-id') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    text: parts.find((part) => part.type === 'text/plain')?.text ?? '',
    html: parts.find((part) => part.type === 'text/html')?.text ?? '',
  };
}

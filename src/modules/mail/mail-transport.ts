import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { AppConfigService } from '../../config/app-config.service';
import { IN_MEMORY } from '../../database/embedded-database';
import type { OutgoingMail } from './mail.types';

/** How long one SMTP conversation may take; the worker's claim lasts longer. */
const SMTP_TIMEOUT_MS = 30_000;

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailTransport {
  /** For the start-up log: where mail goes (never the server's password). */
  readonly description: string;
  /** Resolves once the message is accepted; rejects with the server's refusal or the failure. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** What a failed send means for the mail. */
export type SendFailure =
  /** Try again later: the server is away, busy (4xx) or not accepting us (auth, sender). */
  | { retry: true; reason: string }
  /**
   * Refused for good (5xx): `recipient` when the answer was to `RCPT TO` (the address is
   * refused: no more mail goes to it), `message` when it was to the message (`DATA`).
   */
  | { retry: false; reason: string; code: number; refused: 'recipient' | 'message' };

interface SmtpError {
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

/**
 * A 5xx answer to the recipient (`RCPT TO`) or to the message (`DATA`) is final for this
 * mail; one to the recipient also stops mail to the address. Everything else is retried: no
 * connection, timeouts, 4xx, and also a 5xx to the login or the sender (`AUTH`, `MAIL
 * FROM`), which is the operator's configuration, not the member's address.
 */
export function classifySendFailure(error: unknown): SendFailure {
  const smtp = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const reason = (smtp.response ?? smtp.message ?? String(error)).slice(0, 500);
  const code = smtp.responseCode;
  const command = (smtp.command ?? '').toUpperCase();
  if (code !== undefined && code >= 500 && code < 600) {
    if (command.startsWith('RCPT')) return { retry: false, reason, code, refused: 'recipient' };
    if (command === 'DATA') return { retry: false, reason, code, refused: 'message' };
  }
  return { retry: true, reason };
}

function composed(mail: OutgoingMail) {
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html === undefined ? {} : { html: mail.html }),
    headers: mail.headers,
    date: mail.date,
  };
}

/** `SMTP_URL`: a new SMTP conversation per mail (STARTTLS when the server offers it). */
export class SmtpMailTransport implements MailTransport {
  readonly description: string;
  private readonly transporter: Transporter;

  constructor(url: string) {
    const parsed = new URL(url);
    this.description = `SMTP server ${parsed.protocol}//${parsed.host}`;
    this.transporter = createTransport({
      url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(composed(mail));
  }

  close(): void {
    this.transporter.close();
  }
}

const LINK = /https?:\/\/[^\s<>"')\]]+/g;

/**
 * The default without `SMTP_URL`: each mail is written whole (`.eml`, readable by any mail
 * program) under `DATA_DIR/mail/`, and its subject and links are logged, so the first run
 * needs no mail server and a member's verification link is in the log. With an in-memory
 * `DATA_DIR` (tests) nothing is written.
 */
export class FileMailTransport implements MailTransport {
  readonly description: string;
  private readonly logger = new Logger('Mail');
  private readonly composer: Transporter;

  constructor(private readonly dir: string | null) {
    this.description = dir
      ? `no SMTP_URL: mails are written to ${dir} and logged`
      : 'no SMTP_URL: mails are logged';
    this.composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.composer.sendMail(composed(mail))) as { message: Buffer };
    let file: string | undefined;
    if (this.dir) {
      await mkdir(this.dir, { recursive: true });
      const stamp = mail.date.toISOString().replace(/[:.]/g, '-');
      const name = mail.messageId.replace(/^<|@.*$/g, '').replace(/[^\w-]/g, '');
      file = resolve(this.dir, `${stamp}-${name}.eml`);
      await writeFile(file, info.message);
    }
    const links = [...new Set(mail.text.match(LINK) ?? [])];
    this.logger.log({ subject: mail.subject, links, file }, `Mail: ${mail.subject}`);
  }

  close(): void {
    this.composer.close();
  }
}

export function createMailTransport(config: AppConfigService): MailTransport {
  const url = config.get('SMTP_URL');
  if (url) return new SmtpMailTransport(url);
  const dataDir = config.get('DATA_DIR');
  return new FileMailTransport(dataDir === IN_MEMORY ? null : resolve(dataDir, 'mail'));
}

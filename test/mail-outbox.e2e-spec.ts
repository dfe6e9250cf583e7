import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { Clock } from '../src/common/clock/clock';
import { DEFAULT_MAIL_FROM, MailOutbox } from '../src/modules/mail/mail-outbox';
import { MailWorker, retryDelayMs } from '../src/modules/mail/mail-worker';
import type { MailToSend } from '../src/modules/mail/mail.types';
import { createMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { parseMail, TestSmtp } from './support/test-smtp';

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const T0 = new Date('2026-12-01T08:00:00.000Z');
const HOUR = 60 * 60_000;

function mail(to: string, subject = 'Hello'): MailToSend {
  return {
    kind: 'test',
    to,
    memberId: null,
    subject,
    text: `${subject}: open https://circle.example.com/verify-email?token=abc`,
    html: `<p>${subject}</p>`,
    headers: { 'List-Unsubscribe': '<https://circle.example.com/u?token=x>' },
  };
}

async function enqueue(t: TestApp, ...mails: MailToSend[]): Promise<string[]> {
  const outbox = t.app.get(MailOutbox);
  return t.dataSource.transaction(async (em) => {
    const ids: string[] = [];
    for (const one of mails) ids.push((await outbox.enqueue(em, one)).messageId);
    return ids;
  });
}

interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  subject?: string;
  links?: string[];
  file?: string;
}

/** Keeps the server's log lines (pino JSON), as `createTestApp`'s `logDestination`. */
function logSink(): DestinationStream & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { lines, write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
}

async function statusOf(t: TestApp, messageId: string) {
  const [row] = await t.dataSource.query<
    { status: string; attempts: number; last_error: string | null; sent_at: Date | null }[]
  >(`SELECT status, attempts, last_error, sent_at FROM mail_outbox WHERE message_id = $1`, [
    messageId,
  ]);
  return row;
}

describe('The mail outbox, sent to a real SMTP server', () => {
  const smtp = new TestSmtp();
  const clock = new TestClock(T0);
  let t: TestApp;
  let worker: MailWorker;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(
      {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Laogao <no-reply@circle.example.com>',
      },
      { clock },
    );
    worker = t.app.get(MailWorker);
    worker.pausePolling();
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.reset();
    clock.at = new Date(clock.at.getTime() + 24 * HOUR);
  });

  it('delivers a mail enqueued in a transaction that commits, once, with its Message-ID', async () => {
    const [messageId] = await enqueue(t, mail('ada@example.com'));
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@circle\.example\.com>$/);
    expect(await worker.deliverDue()).toMatchObject({ sent: 1 });
    await worker.deliverDue();
    expect(smtp.received).toHaveLength(1);
    const [got] = smtp.received;
    expect(got.to).toEqual(['ada@example.com']);
    expect(got.messageId).toBe(messageId);
    expect(got.raw).toMatch(/^From: Laogao <no-reply@circle\.example\.com>/m);
    expect(got.raw).toMatch(/^List-Unsubscribe: <https:\/\/circle\.example\.com\/u\?token=x>/m);
    expect(got.raw).toContain('multipart/alternative');
    expect(await statusOf(t, messageId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('never sends a mail enqueued in a transaction that rolls back', async () => {
    const outbox = t.app.get(MailOutbox);
    await expect(
      t.dataSource.transaction(async (em) => {
        await outbox.enqueue(em, mail('rolled-back@example.com'));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await worker.deliverDue(new Date(clock.at.getTime() + HOUR));
    expect(smtp.received).toEqual([]);
    const rows = await t.dataSource.query(`SELECT 1 FROM mail_outbox WHERE to_address = $1`, [
      'rolled-back@example.com',
    ]);
    expect(rows).toEqual([]);
  });

  it('keeps mail while the server refuses connections, then delivers each exactly once', async () => {
    const port = smtp.port;
    await smtp.stop();
    const ids = await enqueue(t, mail('b1@example.com'), mail('b2@example.com'));
    let now = clock.now();
    expect(await worker.deliverDue(now)).toEqual({
      sent: 0,
      retried: 2,
      undeliverable: 0,
      suppressed: 0,
    });
    // Down for three more attempts; each waits longer than the one before.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await worker.deliverDue(new Date(now.getTime() + retryDelayMs(attempt) - 1))).toEqual({
        sent: 0,
        retried: 0,
        undeliverable: 0,
        suppressed: 0,
      });
      now = new Date(now.getTime() + retryDelayMs(attempt));
      clock.at = now;
      expect((await worker.deliverDue(now)).retried).toBe(2);
    }
    expect(await statusOf(t, ids[0])).toMatchObject({ status: 'pending', attempts: 4 });
    await smtp.start(port);
    clock.at = new Date(now.getTime() + retryDelayMs(4));
    expect(await worker.deliverDue()).toMatchObject({ sent: 2 });
    clock.at = new Date(clock.at.getTime() + 10 * HOUR);
    await worker.deliverDue();
    expect(smtp.received.map((got) => got.messageId).sort()).toEqual([...ids].sort());
  });

  it('retries an address answered 4xx, and stops at a 5xx, keeping the answer', async () => {
    smtp.refuse.set('busy@example.com', 451);
    smtp.refuse.set('gone@example.com', 550);
    const [busy, gone] = await enqueue(t, mail('busy@example.com'), mail('gone@example.com'));
    expect(await worker.deliverDue()).toEqual({
      sent: 0,
      retried: 1,
      undeliverable: 1,
      suppressed: 0,
    });
    expect(await statusOf(t, gone)).toMatchObject({
      status: 'undeliverable',
      last_error: expect.stringContaining('550'),
    });
    smtp.refuse.delete('busy@example.com');
    clock.at = new Date(clock.at.getTime() + HOUR);
    expect(await worker.deliverDue()).toEqual({
      sent: 1,
      retried: 0,
      undeliverable: 0,
      suppressed: 0,
    });
    expect(smtp.received.map((got) => got.messageId)).toEqual([busy]);
    expect(await statusOf(t, busy)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('Mail without SMTP_URL (the embedded default)', () => {
  let dataDir: string;
  let t: TestApp;
  const log = logSink();
  const mailLines = () => log.lines.filter((line) => line.context === 'Mail');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'laogao-mail-'));
    t = await createTestApp({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { logDestination: log });
    t.app.get(MailWorker).pausePolling();
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes each mail as an .eml file under DATA_DIR/mail, once', async () => {
    const [messageId] = await enqueue(t, mail('eve@example.com', 'Verify your address'));
    const worker = t.app.get(MailWorker);
    await worker.deliverDue(new Date(Date.now() + 1000));
    await worker.deliverDue(new Date(Date.now() + HOUR));
    const files = await readdir(join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = await readFile(join(dataDir, 'mail', files[0]), 'utf8');
    expect(eml).toContain(`Message-ID: ${messageId}`);
    expect(eml).toMatch(/^To: eve@example\.com$/m);
    expect(eml).toMatch(/^Subject: Verify your address$/m);
    expect(eml).toContain('https://circle.example.com/verify-email?token=abc');
    expect(await statusOf(t, messageId)).toMatchObject({ status: 'sent' });
  });

  it('says at start that mail is written under DATA_DIR/mail and logged, and from whom', () => {
    expect(mailLines()).toContainEqual(
      expect.objectContaining({
        level: 30,
        msg: `Mail: no SMTP_URL: mails are written to ${join(dataDir, 'mail')} and logged; from ${DEFAULT_MAIL_FROM}`,
      }),
    );
  });

  it('writes a member’s password reset mail as an .eml file with its headers, and logs its subject and link', async () => {
    const member = await createMember(t);
    await t.http().post('/api/auth/password-reset').send({ email: member.email }).expect(204);
    const [row] = await t.dataSource.query<{ message_id: string; created_at: Date }[]>(
      `SELECT message_id, created_at FROM mail_outbox WHERE member_id = $1`,
      [member.id],
    );
    const before = new Set(await readdir(join(dataDir, 'mail')).catch(() => []));
    log.lines.length = 0;
    expect(await t.app.get(MailWorker).deliverDue()).toMatchObject({ sent: 1 });

    const files = (await readdir(join(dataDir, 'mail'))).filter((file) => !before.has(file));
    expect(files).toEqual([expect.stringMatching(/\.eml$/)]);
    const file = join(dataDir, 'mail', files[0]);
    const eml = parseMail((await readFile(file, 'utf8')).replace(/\r?\n/g, '\r\n'));
    expect(eml.headers.get('from')).toBe(DEFAULT_MAIL_FROM);
    expect(eml.headers.get('to')).toBe(member.email);
    expect(eml.messageId).toBe(row.message_id);
    expect(eml.subject).toBe('Reset your Laogao Circle password');
    expect(new Date(eml.headers.get('date') ?? '').getTime()).toBe(
      Math.floor(new Date(row.created_at).getTime() / 1000) * 1000,
    );
    expect(eml.headers.get('mime-version')).toBe('1.0');
    expect(eml.headers.get('content-type')).toMatch(/^multipart\/alternative;/);
    // An account mail: nothing to unsubscribe from.
    expect(eml.headers.has('list-unsubscribe')).toBe(false);
    const link = /^(http\S+\/reset-password\?token=\S+)$/m.exec(eml.text)?.[1];
    expect(link).toBeDefined();
    expect(eml.html).toContain(`href="${link}"`);

    expect(mailLines()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'Mail: Reset your Laogao Circle password',
        subject: 'Reset your Laogao Circle password',
        links: [link],
        file,
      }),
    ]);
  });
});

describe('Mail through SMTP_URL, at start', () => {
  const log = logSink();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(
      {
        SMTP_URL: 'smtp://mailer:not-for-logs@127.0.0.1:2525',
        MAIL_FROM: 'Laogao <no-reply@circle.example.com>',
        LOG_LEVEL: 'info',
      },
      { logDestination: log },
    );
    t.app.get(MailWorker).pausePolling();
  });
  afterAll(() => t?.close());

  it('says which server it uses, without its password', () => {
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        context: 'Mail',
        msg: 'Mail: SMTP server smtp://127.0.0.1:2525; from Laogao <no-reply@circle.example.com>',
      }),
    );
    expect(JSON.stringify(log.lines)).not.toContain('not-for-logs');
  });
});

/** Several processes share a database only on PostgreSQL (the embedded one serves one). */
if (process.env.DATABASE_URL) {
  describe('Two processes sending one outbox', () => {
    const smtp = new TestSmtp();
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      await smtp.start();
      const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'no-reply@example.com' };
      one = await createTestApp(env);
      two = await createTestApp({ ...env, DATABASE_URL: one.config.DATABASE_URL ?? '' });
      one.app.get(MailWorker).pausePolling();
      two.app.get(MailWorker).pausePolling();
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
      await smtp.stop();
    });

    it('claim each mail once: every one arrives exactly once', async () => {
      const mails = Array.from({ length: 60 }, (_, i) => mail(`m${i}@example.com`));
      const ids = await enqueue(one, ...mails);
      const now = new Date(Date.now() + 1000);
      const reports = await Promise.all([
        one.app.get(MailWorker).deliverDue(now),
        two.app.get(MailWorker).deliverDue(now),
        one.app.get(MailWorker).deliverDue(now),
        two.app.get(MailWorker).deliverDue(now),
      ]);
      expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(60);
      expect(reports.filter((report) => report.sent > 0).length).toBeGreaterThan(1);
      expect(smtp.received.map((got) => got.messageId).sort()).toEqual([...ids].sort());
    });
  });
}

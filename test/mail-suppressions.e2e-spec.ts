import type { Clock } from '../src/common/clock/clock';
import { encodeCursor } from '../src/common/pagination/page';
import { MailOutbox } from '../src/modules/mail/mail-outbox';
import { MailSuppressions } from '../src/modules/mail/mail-suppressions';
import { MailWorker } from '../src/modules/mail/mail-worker';
import type { MailToSend } from '../src/modules/mail/mail.types';
import { countRows, createMember, createModerator, type TestMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { TestSmtp } from './support/test-smtp';

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const HOUR = 60 * 60_000;
let counter = 0;

/** An address no other test uses. */
const address = (name: string): string => `${name}-${(counter += 1)}-${Date.now()}@example.com`;

function mail(to: string, memberId: string | null = null): MailToSend {
  return { kind: 'test', to, memberId, subject: 'Hello', text: 'Hello there' };
}

interface SuppressionItem {
  id: string;
  address: string;
  code: number;
  reason: string;
  member: { id: string; displayName: string; erased: boolean } | null;
  firstRefusedAt: string;
  lastRefusedAt: string;
}

describe('A 5xx for an address stops mail to it, and moderators see it', () => {
  const smtp = new TestSmtp();
  const clock = new TestClock(new Date('2026-12-01T08:00:00.000Z'));
  let t: TestApp;
  let worker: MailWorker;
  let moderator: TestMember;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(
      { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'no-reply@circle.example.com' },
      { clock },
    );
    worker = t.app.get(MailWorker);
    worker.pausePolling();
    moderator = await createModerator(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.reset();
    clock.at = new Date(clock.at.getTime() + HOUR);
  });

  async function enqueue(...mails: MailToSend[]): Promise<string[]> {
    const outbox = t.app.get(MailOutbox);
    return t.dataSource.transaction(async (em) => {
      const ids: string[] = [];
      for (const one of mails) ids.push((await outbox.enqueue(em, one)).messageId);
      return ids;
    });
  }

  async function statusOf(messageId: string): Promise<string> {
    const [row] = await t.dataSource.query<{ status: string }[]>(
      `SELECT status FROM mail_outbox WHERE message_id = $1`,
      [messageId],
    );
    return row.status;
  }

  async function listed(limit = 100): Promise<SuppressionItem[]> {
    const res = await t
      .http()
      .get('/api/moderation/mail-suppressions')
      .query({ limit })
      .set(moderator.auth)
      .expect(200);
    return (res.body as { items: SuppressionItem[] }).items;
  }

  /** Has the server refuse `to` with 550 once, through a mail for `memberId`. */
  async function refuseOnce(to: string, memberId: string | null = null): Promise<SuppressionItem> {
    smtp.refuse.set(to, 550);
    await enqueue(mail(to, memberId));
    expect(await worker.deliverDue()).toMatchObject({ undeliverable: 1 });
    smtp.refuse.delete(to);
    const item = (await listed()).find((one) => one.address === to);
    if (!item) throw new Error(`${to} is not listed`);
    return item;
  }

  it('records a 550 to RCPT TO and sends nothing more to that address; other addresses still get mail', async () => {
    const member = await createMember(t, { email: address('gone') });
    const gone = member.email;
    const other = address('fine');
    smtp.refuse.set(gone, 550);
    const [first, toOther] = await enqueue(mail(gone, member.id), mail(other));
    expect(await worker.deliverDue()).toEqual({
      sent: 1,
      retried: 0,
      undeliverable: 1,
      suppressed: 0,
    });
    expect(await statusOf(first)).toBe('undeliverable');
    expect(smtp.received.map((got) => got.messageId)).toEqual([toOther]);

    const suppressions = t.app.get(MailSuppressions);
    expect(await suppressions.isSuppressed(gone)).toBe(true);
    expect(await suppressions.isSuppressed(gone.toUpperCase())).toBe(true);
    expect(await suppressions.isSuppressed(other)).toBe(false);

    // The server would accept it now: the worker does not ask it.
    smtp.refuse.delete(gone);
    smtp.recipientsTried.length = 0;
    const [second, upper, toOtherAgain] = await enqueue(
      mail(gone, member.id),
      mail(gone.toUpperCase()),
      mail(other),
    );
    expect(await worker.deliverDue()).toEqual({
      sent: 1,
      retried: 0,
      undeliverable: 0,
      suppressed: 2,
    });
    expect(smtp.recipientsTried).toEqual([other]);
    expect(smtp.to(gone)).toEqual([]);
    expect(await statusOf(second)).toBe('suppressed');
    expect(await statusOf(upper)).toBe('suppressed');
    expect(await statusOf(toOtherAgain)).toBe('sent');
    // Suppressed is final: later rounds send nothing either.
    await worker.deliverDue(new Date(clock.at.getTime() + 24 * HOUR));
    expect(smtp.to(gone)).toEqual([]);

    const item = (await listed()).find((one) => one.address === gone);
    expect(item).toMatchObject({
      code: 550,
      reason: expect.stringContaining('550'),
      member: { id: member.id, displayName: member.displayName, erased: false },
      firstRefusedAt: clock.at.toISOString(),
      lastRefusedAt: clock.at.toISOString(),
    });
  });

  it('does not stop an address for a 4xx, a refused connection or a 5xx to the message', async () => {
    const busy = address('busy');
    smtp.refuse.set(busy, 451);
    await enqueue(mail(busy));
    expect(await worker.deliverDue()).toMatchObject({ retried: 1, undeliverable: 0 });
    smtp.connectionAnswer = 421;
    clock.at = new Date(clock.at.getTime() + HOUR);
    expect(await worker.deliverDue()).toMatchObject({ retried: 1, undeliverable: 0 });
    smtp.connectionAnswer = null;
    smtp.refuse.delete(busy);
    smtp.dataAnswer = 554;
    const [refusedMessage] = await enqueue(mail(busy));
    expect(await worker.deliverDue()).toMatchObject({ undeliverable: 1 });
    expect(await statusOf(refusedMessage)).toBe('undeliverable');
    expect(await t.app.get(MailSuppressions).isSuppressed(busy)).toBe(false);
    smtp.reset();
    clock.at = new Date(clock.at.getTime() + 2 * HOUR);
    expect(await worker.deliverDue()).toMatchObject({ sent: 1 });
    expect(smtp.to(busy)).toHaveLength(1);
    expect(await countRows(t, 'mail_suppressions', 'address = $1', [busy])).toBe(0);
  });

  it('is per address: a member whose address was refused changes it and gets mail at the new one', async () => {
    const member = await createMember(t, { email: address('old') });
    await refuseOnce(member.email, member.id);
    const newAddress = address('new');
    await t
      .http()
      .post('/api/members/me/email')
      .set(member.auth)
      .send({ newEmail: newAddress, password: member.password })
      .expect(204);
    // The confirmation goes to the new address; the notice to the old one is held back.
    expect(await worker.deliverDue()).toMatchObject({ sent: 1, suppressed: 1 });
    expect(smtp.to(member.email)).toEqual([]);
    const [confirmation] = smtp.to(newAddress);
    const link = /^(http\S+\/verify-email\?token=\S+)$/m.exec(confirmation.text)?.[1] ?? '';
    const token = new URL(link).searchParams.get('token');
    await t.http().post('/api/auth/verify-email').send({ token }).expect(204);

    await t.http().post('/api/auth/password-reset').send({ email: newAddress }).expect(204);
    expect(await worker.deliverDue()).toMatchObject({ sent: 1, suppressed: 0 });
    expect(smtp.to(newAddress)).toHaveLength(2);
    expect(await t.app.get(MailSuppressions).isSuppressed(member.email)).toBe(true);
  });

  it('lists refused addresses to moderators only, newest first, a page at a time', async () => {
    const older = await refuseOnce(address('page-a'));
    clock.at = new Date(clock.at.getTime() + 1000);
    const newer = await refuseOnce(address('page-b'));
    const first = await t
      .http()
      .get('/api/moderation/mail-suppressions')
      .query({ limit: 1 })
      .set(moderator.auth)
      .expect(200);
    expect(first.body.items.map((item: SuppressionItem) => item.id)).toEqual([newer.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t
      .http()
      .get('/api/moderation/mail-suppressions')
      .query({ limit: 1, cursor: first.body.nextCursor as string })
      .set(moderator.auth)
      .expect(200);
    expect(second.body.items.map((item: SuppressionItem) => item.id)).toEqual([older.id]);
    expect(older.member).toBeNull();

    const member = await createMember(t);
    const forbidden = await t
      .http()
      .get('/api/moderation/mail-suppressions')
      .set(member.auth)
      .expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    await t.http().get('/api/moderation/mail-suppressions').expect(401);
    for (const cursor of [encodeCursor(['not a time', 'x']), 'a\u0000b', encodeCursor([1e308])]) {
      const bad = await t
        .http()
        .get('/api/moderation/mail-suppressions')
        .query({ cursor })
        .set(moderator.auth)
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    const tooMany = await t
      .http()
      .get('/api/moderation/mail-suppressions')
      .query({ limit: 10_000 })
      .set(moderator.auth)
      .expect(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets a moderator clear an address, in the audit log; mail goes to it again', async () => {
    const member = await createMember(t, { email: address('cleared') });
    const item = await refuseOnce(member.email, member.id);

    const refused = await t
      .http()
      .delete(`/api/moderation/mail-suppressions/${item.id}`)
      .set(member.auth)
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(await countRows(t, 'mail_suppressions', 'id = $1', [item.id])).toBe(1);

    await t
      .http()
      .delete(`/api/moderation/mail-suppressions/${item.id}`)
      .set(moderator.auth)
      .expect(204);
    expect(await countRows(t, 'mail_suppressions', 'id = $1', [item.id])).toBe(0);
    const again = await t
      .http()
      .delete(`/api/moderation/mail-suppressions/${item.id}`)
      .set(moderator.auth)
      .expect(404);
    expect(again.body.code).toBe('NOT_FOUND');
    const malformed = await t
      .http()
      .delete('/api/moderation/mail-suppressions/not-a-uuid')
      .set(moderator.auth)
      .expect(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');

    const log = await t
      .http()
      .get('/api/moderation/audit-log')
      .query({ limit: 100 })
      .set(moderator.auth)
      .expect(200);
    const entries = (log.body.items as { targetId: string }[]).filter(
      (entry) => entry.targetId === item.id,
    );
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: moderator.id,
        action: 'mail_suppression.cleared',
        targetType: 'mail_suppression',
        member: { id: member.id, displayName: member.displayName, erased: false },
        detail: expect.objectContaining({ memberId: member.id, code: 550 }),
      }),
    ]);
    // The log outlives an erasure: it does not hold the address.
    expect(JSON.stringify(entries)).not.toContain(member.email);

    const [next] = await enqueue(mail(member.email, member.id));
    expect(await worker.deliverDue()).toMatchObject({ sent: 1, suppressed: 0 });
    expect(smtp.to(member.email).map((got) => got.messageId)).toEqual([next]);
  });

  it('exports the refused addresses of a member and erases them with the account', async () => {
    const member = await createMember(t, { email: address('erased') });
    await refuseOnce(member.email, member.id);
    const exported = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
    expect(exported.body.mailSuppressions).toEqual([
      expect.objectContaining({ address: member.email, code: 550 }),
    ]);
    const other = await createMember(t);
    const othersExport = await t.http().get('/api/members/me/export').set(other.auth).expect(200);
    expect(othersExport.body.mailSuppressions).toEqual([]);

    await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password })
      .expect(204);
    expect(await countRows(t, 'mail_suppressions', 'address = $1', [member.email])).toBe(0);
  });
});

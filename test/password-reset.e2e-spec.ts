import type { Clock } from '../src/common/clock/clock';
import { JobRunner } from '../src/modules/jobs/job-runner';
import { MailTemplates } from '../src/modules/mail/mail-templates';
import { MailWorker } from '../src/modules/mail/mail-worker';
import { createMember, countRows } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { TestSmtp, type ReceivedMail } from './support/test-smtp';

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const MINUTE = 60_000;
const NEW_PASSWORD = 'a brand new passphrase 7';

/** Waits for the `count`-th mail to `address` (the worker sends after `wake()`). */
async function mailTo(smtp: TestSmtp, address: string, count = 1): Promise<ReceivedMail> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const mails = smtp.to(address);
    if (mails.length >= count) return mails[count - 1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no mail number ${count} to ${address}`);
}

/** Waits for the reset mail to `address` (a registered member got a verification mail first). */
async function resetMailTo(smtp: TestSmtp, address: string): Promise<ReceivedMail> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const mail = smtp.to(address).find((m) => m.text.includes('/reset-password?token='));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no reset mail to ${address}`);
}

/** The reset link's token, read from the plain text part as a reader would follow it. */
function tokenOf(mail: ReceivedMail): string {
  const link = /^(http\S+\/reset-password\?token=\S+)$/m.exec(mail.text)?.[1];
  if (!link) throw new Error(`no reset link in:\n${mail.text}`);
  const url = new URL(link);
  expect(`${url.origin}${url.pathname}`).toBe('https://circle.example.com/reset-password');
  return url.searchParams.get('token') ?? '';
}

describe('Password reset by mail', () => {
  const smtp = new TestSmtp();
  const clock = new TestClock(new Date());
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(
      {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Laogao <no-reply@circle.example.com>',
        PUBLIC_URL: 'https://circle.example.com/',
        RATE_LIMIT_AUTH_PER_MINUTE: '1000',
        LOGIN_FAILURES_BEFORE_LOCK: '5',
      },
      { clock },
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  async function register(email: string, displayName: string, language: string) {
    const res = await t
      .http()
      .post('/api/auth/register')
      .set('Accept-Language', language)
      .send({ email, password: 'the first passphrase 1', displayName })
      .expect(201);
    return res.body as {
      member: { id: string; locale: string };
      accessToken: string;
      refreshToken: string;
    };
  }

  const requestReset = (email: string) => t.http().post('/api/auth/password-reset').send({ email });
  const confirm = (token: string, newPassword = NEW_PASSWORD) =>
    t.http().post('/api/auth/password-reset/confirm').send({ token, newPassword });
  const login = (email: string, password: string) =>
    t.http().post('/api/auth/login').send({ email, password });

  it('mails an English member a link that sets a new password once and signs out every session', async () => {
    const email = 'reset-en@example.com';
    const session = await register(email, 'Ada <b>&</b>', 'en-US,en;q=0.9');
    expect(session.member.locale).toBe('en');
    const me = await t
      .http()
      .get('/api/members/me')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .expect(200);
    expect(me.body.locale).toBe('en');

    const answer = await requestReset(email);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    const mail = await resetMailTo(smtp, email);
    expect(mail.subject).toBe('Reset your Laogao Circle password');
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    expect(mail.text).toContain('Hello Ada <b>&</b>,');
    expect(mail.html).toContain('Hello Ada &lt;b&gt;&amp;&lt;/b&gt;,');
    expect(mail.html).not.toMatch(/<img/i);
    const token = tokenOf(mail);
    expect(mail.html).toContain(`href="https://circle.example.com/reset-password?token=${token}"`);
    // Stored hashed: the token itself is nowhere in the table.
    const [row] = await t.dataSource.query<{ token_hash: string }[]>(
      `SELECT token_hash FROM password_reset_tokens WHERE member_id = $1`,
      [session.member.id],
    );
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);

    await confirm(token).expect(204);
    await login(email, 'the first passphrase 1').expect(401);
    await login(email, NEW_PASSWORD).expect(200);
    await t
      .http()
      .get('/api/members/me')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .expect(401);
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);

    const again = await confirm(token, 'yet another passphrase 9');
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('TOKEN_INVALID');
    await login(email, NEW_PASSWORD).expect(200);
  });

  it('writes to a Chinese member in Chinese', async () => {
    const email = 'reset-zh@example.com';
    const session = await register(email, '李雷', 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(session.member.locale).toBe('zh');
    await requestReset(' Reset-ZH@example.com ').expect(204);
    const mail = await resetMailTo(smtp, email);
    expect(mail.subject).toBe('重设老高电商圈的密码');
    expect(mail.text).toContain('李雷，您好');
    expect(mail.text).toContain('30 分钟内有效');
    expect(mail.html).toContain('lang="zh-CN"');
    await confirm(tokenOf(mail)).expect(204);
    await login(email, NEW_PASSWORD).expect(200);
  });

  it('answers an unknown address exactly as a known one and stores nothing for it', async () => {
    const known = await createMember(t);
    const tokens = await countRows(t, 'password_reset_tokens');
    const mails = await countRows(t, 'mail_outbox');
    const unknown = await requestReset('nobody-here@example.com');
    const knownAnswer = await requestReset(known.email);
    expect(unknown.status).toBe(204);
    expect(knownAnswer.status).toBe(204);
    expect(unknown.text).toBe(knownAnswer.text);
    expect(await countRows(t, 'password_reset_tokens')).toBe(tokens + 1);
    expect(await countRows(t, 'mail_outbox')).toBe(mails + 1);
    await mailTo(smtp, known.email);
    expect(smtp.to('nobody-here@example.com')).toHaveLength(0);
  });

  it('lets a link work for 30 minutes and no longer', async () => {
    const early = await createMember(t);
    const late = await createMember(t);
    await requestReset(early.email).expect(204);
    await requestReset(late.email).expect(204);
    const earlyToken = tokenOf(await mailTo(smtp, early.email));
    const lateToken = tokenOf(await mailTo(smtp, late.email));
    const start = clock.at;
    try {
      clock.at = new Date(start.getTime() + 30 * MINUTE - 1_000);
      await confirm(earlyToken).expect(204);
      clock.at = new Date(start.getTime() + 30 * MINUTE + 1_000);
      const expired = await confirm(lateToken);
      expect(expired.status).toBe(400);
      expect(expired.body.code).toBe('TOKEN_INVALID');
    } finally {
      clock.at = new Date(start.getTime() + 31 * MINUTE);
    }
    await login(late.email, late.password).expect(200);
  });

  it('refuses unknown, forged and malformed tokens with 400, never 500', async () => {
    for (const token of ['nope', 'A'.repeat(43), '%00', "' OR 1=1 --", '令牌']) {
      const res = await confirm(token);
      expect([token, res.status, res.body.code]).toEqual([token, 400, 'TOKEN_INVALID']);
    }
    // The house refuses NUL bytes in any text field before a service sees them.
    const nul = await confirm('abc\u0000def');
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe('VALIDATION_FAILED');
    for (const body of [
      {},
      { token: '', newPassword: NEW_PASSWORD },
      { token: 'x'.repeat(201), newPassword: NEW_PASSWORD },
      { token: ['a'], newPassword: NEW_PASSWORD },
      { token: 'abc', newPassword: 'short' },
    ]) {
      const res = await t.http().post('/api/auth/password-reset/confirm').send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    for (const body of [{}, { email: 42 }, { email: 'x'.repeat(300) }]) {
      const res = await t.http().post('/api/auth/password-reset').send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps the token when the new password is refused (too common)', async () => {
    const member = await createMember(t);
    await requestReset(member.email).expect(204);
    const token = tokenOf(await mailTo(smtp, member.email));
    const weak = await confirm(token, 'password123');
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('VALIDATION_FAILED');
    await confirm(token).expect(204);
  });

  it('clears the login lockout of that email', async () => {
    const member = await createMember(t);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await login(member.email, 'wrong-password!').expect(401);
    }
    expect((await login(member.email, member.password)).status).toBe(429);
    await requestReset(member.email).expect(204);
    await confirm(tokenOf(await mailTo(smtp, member.email))).expect(204);
    await login(member.email, NEW_PASSWORD).expect(200);
  });

  it('lets a suspended member reset (a reset writes no content)', async () => {
    const member = await createMember(t, { suspendedUntil: new Date(Date.now() + 86_400_000) });
    await requestReset(member.email).expect(204);
    await confirm(tokenOf(await mailTo(smtp, member.email))).expect(204);
    await login(member.email, NEW_PASSWORD).expect(200);
  });

  it('exports the member’s mail without its body and erases tokens and mail with the account', async () => {
    const member = await createMember(t);
    await requestReset(member.email).expect(204);
    const token = tokenOf(await mailTo(smtp, member.email));
    const exported = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
    expect(exported.body.mail).toEqual([
      expect.objectContaining({
        kind: 'password_reset',
        to: member.email,
        subject: 'Reset your Laogao Circle password',
        status: 'sent',
      }),
    ]);
    expect(JSON.stringify(exported.body)).not.toContain(token);

    await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password })
      .expect(204);
    const where = `member_id = '${member.id}'`;
    expect(await countRows(t, 'password_reset_tokens', where)).toBe(0);
    expect(await countRows(t, 'mail_outbox', where)).toBe(0);
    const res = await confirm(token);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });
});

describe('Password reset requests for an unknown and a known address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Nothing but the requests reaches the database while their statements are counted.
    t.app.get(MailWorker).pausePolling();
    await t.app.get(JobRunner).stop();
  });
  afterAll(() => t.close());

  /** One request, with the statements it ran and how often the mail was rendered. */
  async function requestWork(email: string) {
    const render = jest.spyOn(t.app.get(MailTemplates), 'passwordReset');
    const statements = jest.spyOn(t.dataSource.logger, 'logQuery');
    try {
      const res = await t.http().post('/api/auth/password-reset').send({ email });
      const sql = statements.mock.calls.map(([query]) => query.trim());
      const begin = sql.indexOf('START TRANSACTION');
      const commit = sql.lastIndexOf('COMMIT');
      return {
        res,
        rendered: render.mock.calls.length,
        before: begin >= 0 ? sql.slice(0, begin) : sql,
        inTransaction: begin >= 0 && commit > begin ? sql.slice(begin + 1, commit) : null,
      };
    } finally {
      render.mockRestore();
      statements.mockRestore();
    }
  }

  it('does the same work up to storing (lookup, rendered mail, a committed transaction), and stores only for the member', async () => {
    const known = await createMember(t);
    const unknownEmail = 'nobody-at-all@example.com';
    const unknown = await requestWork(unknownEmail);
    const member = await requestWork(known.email);

    // The same answer: status, body and the same headers.
    for (const { res } of [unknown, member]) {
      expect([res.status, res.text]).toEqual([204, '']);
    }
    expect(Object.keys(unknown.res.headers).sort()).toEqual(Object.keys(member.res.headers).sort());
    // The same work before storing: the lookup, the mail rendered, one transaction committed.
    expect(unknown.before).toEqual(member.before);
    expect(unknown.before).toEqual([expect.stringMatching(/FROM "members"/)]);
    expect([unknown.rendered, member.rendered]).toEqual([1, 1]);
    expect(unknown.inTransaction).not.toBeNull();
    expect(unknown.inTransaction?.length).toBeGreaterThan(0);
    // Only the member's request stores a token and a mail.
    expect(unknown.inTransaction?.filter((sql) => /^INSERT/i.test(sql))).toEqual([]);
    expect(member.inTransaction).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^INSERT INTO "password_reset_tokens"/),
        expect.stringMatching(/^INSERT INTO "mail_outbox"/),
      ]),
    );
    expect(await countRows(t, 'mail_outbox', 'to_address = $1', [unknownEmail])).toBe(0);
    expect(
      await countRows(t, 'mail_outbox', "to_address = $1 AND kind = 'password_reset'", [
        known.email,
      ]),
    ).toBe(1);
    expect(await countRows(t, 'password_reset_tokens')).toBe(1);
  });
});

describe('Password reset requests, rate-limited as auth requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers past the per-IP limit with 429 and stores nothing more', async () => {
    const member = await createMember(t);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await t.http().post('/api/auth/password-reset').send({ email: member.email })).status,
      );
    }
    expect(statuses).toEqual([204, 204, 204, 429]);
    expect(await countRows(t, 'password_reset_tokens')).toBe(3);
    const confirm = await t
      .http()
      .post('/api/auth/password-reset/confirm')
      .send({ token: 'whatever', newPassword: NEW_PASSWORD });
    expect(confirm.status).toBe(429);
  });
});

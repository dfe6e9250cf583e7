import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoData, DEMO_PASSWORD } from '../src/cli/seed/demo-data';
import { seedDemo } from '../src/cli/seed/write-demo';
import { UPLOAD_STORAGE } from '../src/modules/uploads/upload-storage';
import type { Clock } from '../src/common/clock/clock';
import { AddEmailVerification1796500000000 } from '../src/database/migrations/1796500000000-add-email-verification';
import { PasswordService } from '../src/modules/auth/password.service';
import { MailWorker } from '../src/modules/mail/mail-worker';
import type { ConversationDto } from '../src/modules/discussion/dto/conversation.dto';
import type { RoomDto } from '../src/modules/discussion/dto/room.dto';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import {
  applicationBody,
  countRows,
  createMember,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { parseMail, TestSmtp, type ReceivedMail } from './support/test-smtp';

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PASSWORD = 'the first passphrase 1';
const SMTP_ENV = (smtp: TestSmtp) => ({
  SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
  MAIL_FROM: 'Laogao <no-reply@circle.example.com>',
  PUBLIC_URL: 'https://circle.example.com',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000',
  RATE_LIMIT_WRITE_PER_MINUTE: '1000',
});

/** Waits for the `count`-th mail to `address` (the worker sends after `wake()`). */
async function mailTo(smtp: TestSmtp, address: string, count = 1): Promise<ReceivedMail> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const mails = smtp.to(address);
    if (mails.length >= count) return mails[count - 1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no mail number ${count} to ${address}`);
}

/** The `/verify-email` link's token, read from the plain text part as a reader follows it. */
function tokenOf(mail: Pick<ReceivedMail, 'text' | 'html'>): string {
  const link = /^(http\S+\/verify-email\?token=\S+)$/m.exec(mail.text)?.[1];
  if (!link) throw new Error(`no verification link in:\n${mail.text}`);
  const url = new URL(link);
  expect(`${url.origin}${url.pathname}`).toBe('https://circle.example.com/verify-email');
  const token = url.searchParams.get('token') ?? '';
  expect(mail.html).toContain(`href="https://circle.example.com/verify-email?token=${token}"`);
  return token;
}

/** Every mail of a flow is an account mail: it always goes, no unsubscribe, no images. */
function expectAccountMail(mail: ReceivedMail): void {
  expect(mail.headers.has('list-unsubscribe')).toBe(false);
  expect(mail.headers.has('list-unsubscribe-post')).toBe(false);
  expect(mail.headers.get('message-id')).toMatch(/^<[^@\s]+@circle\.example\.com>$/);
  expect(mail.html).not.toMatch(/<img/i);
  expect(mail.text.length).toBeGreaterThan(0);
}

describe('Email verification and email change (verification required)', () => {
  const smtp = new TestSmtp();
  const clock = new TestClock(new Date());
  let t: TestApp;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({ ...SMTP_ENV(smtp), LOGIN_FAILURES_BEFORE_LOCK: '3' }, { clock });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
    await smtp.stop();
  });

  async function register(email: string, displayName: string, language = 'en') {
    const res = await t
      .http()
      .post('/api/auth/register')
      .set('Accept-Language', language)
      .send({ email, password: PASSWORD, displayName })
      .expect(201);
    const body = res.body as { member: Record<string, unknown>; accessToken: string };
    return {
      member: body.member,
      accessToken: body.accessToken,
      auth: { Authorization: `Bearer ${body.accessToken}` },
    };
  }

  const verify = (token: unknown) => t.http().post('/api/auth/verify-email').send({ token });
  const resend = (auth: { Authorization: string }) =>
    t.http().post('/api/auth/verify-email/resend').set(auth);
  const me = async (auth: { Authorization: string }) =>
    (await t.http().get('/api/members/me').set(auth).expect(200)).body as Record<string, unknown>;
  const publish = (auth: { Authorization: string }, body: object = { title: 'T', body: 'B' }) =>
    t.http().post('/api/posts').set(auth).send(body);
  const apply = (auth: { Authorization: string }, body: object = applicationBody()) =>
    t.http().post('/api/membership/applications').set(auth).send(body);
  const startConversation = (
    auth: { Authorization: string },
    body: object = { memberIds: [], body: 'Hello' },
  ) => t.http().post('/api/conversations').set(auth).send(body);
  let chatUrl: string | undefined;
  /** A `/discussion` socket of the member (the app listens from the first one on). */
  const chat = async (accessToken: string) => {
    chatUrl ??= await listen(t);
    const socket = await connect(chatUrl, accessToken);
    sockets.push(socket);
    return socket;
  };
  const changeEmail = (auth: { Authorization: string }, newEmail: unknown, password: unknown) =>
    t.http().post('/api/members/me/email').set(auth).send({ newEmail, password });
  const login = (email: string, password: string) =>
    t.http().post('/api/auth/login').send({ email, password });
  const sent = async () => t.app.get(MailWorker).deliverDue();

  describe('registration', () => {
    it('mails an English verification link stored with the member; the link verifies once', async () => {
      const email = 'verify-en@example.com';
      const session = await register(email, 'Ada <b>&</b>', 'en-US,en;q=0.9');
      expect(session.member).toMatchObject({
        email,
        emailVerifiedAt: null,
        emailVerificationRequired: true,
        locale: 'en',
      });
      // Stored in the registration's transaction: the row is there when the answer is.
      expect(
        await countRows(t, 'mail_outbox', "member_id = $1 AND kind = 'email_verification'", [
          session.member.id,
        ]),
      ).toBe(1);

      const mail = await mailTo(smtp, email);
      expectAccountMail(mail);
      expect(mail.subject).toBe('Verify your email address for Laogao Circle');
      expect(mail.text).toContain('Hello Ada <b>&</b>,');
      expect(mail.text).toContain('within 48 hours');
      expect(mail.html).toContain('Hello Ada &lt;b&gt;&amp;&lt;/b&gt;,');
      expect(mail.html).toContain('lang="en"');
      const token = tokenOf(mail);

      // Stored hashed: the token itself is nowhere in the table.
      const rows = await t.dataSource.query<{ token_hash: string; purpose: string }[]>(
        `SELECT token_hash, purpose FROM email_tokens WHERE member_id = $1`,
        [session.member.id],
      );
      expect(rows).toEqual([
        { token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), purpose: 'verify' },
      ]);
      expect(JSON.stringify(rows)).not.toContain(token);

      const answer = await verify(token);
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      const profile = await me(session.auth);
      expect(profile.emailVerifiedAt).toBe(clock.now().toISOString());
      expect(profile.emailVerificationRequired).toBe(true);

      const again = await verify(token);
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('TOKEN_INVALID');
    });

    it('writes to a Chinese member in Chinese', async () => {
      const email = 'verify-zh@example.com';
      const session = await register(email, '李雷', 'zh-CN,zh;q=0.9,en;q=0.8');
      expect(session.member.locale).toBe('zh');
      const mail = await mailTo(smtp, email);
      expectAccountMail(mail);
      expect(mail.subject).toBe('验证您在老高电商圈的邮箱');
      expect(mail.text).toContain('李雷，您好');
      expect(mail.text).toContain('48 小时内有效');
      expect(mail.html).toContain('lang="zh-CN"');
      await verify(tokenOf(mail)).expect(204);
      expect((await me(session.auth)).emailVerifiedAt).not.toBeNull();
    });

    it('stores neither member nor mail when the address is taken', async () => {
      const taken = await createMember(t);
      const mails = await countRows(t, 'mail_outbox');
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ email: taken.email.toUpperCase(), password: PASSWORD, displayName: 'Dup' });
      expect(res.status).toBe(409);
      expect(await countRows(t, 'mail_outbox')).toBe(mails);
    });
  });

  describe('what waits for a verified address', () => {
    it('refuses publishing and applying with 403 EMAIL_NOT_VERIFIED; reading, commenting and liking go on', async () => {
      const author = await createMember(t);
      const post = await createPost(t, author);
      const email = 'waits@example.com';
      const session = await register(email, 'Waiting');

      for (const res of [await publish(session.auth), await apply(session.auth)]) {
        expect([res.status, res.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
      }
      expect(await countRows(t, 'posts', 'author_id = $1', [session.member.id])).toBe(0);
      expect(
        await countRows(t, 'membership_applications', 'applicant_id = $1', [session.member.id]),
      ).toBe(0);
      await t.http().get(`/api/posts/${post.id}`).set(session.auth).expect(200);
      await t
        .http()
        .post(`/api/posts/${post.id}/comments`)
        .set(session.auth)
        .send({ body: 'Unverified, and still commenting' })
        .expect(201);
      await t.http().put(`/api/posts/${post.id}/like`).set(session.auth).expect(200);

      await verify(tokenOf(await mailTo(smtp, email))).expect(204);
      await publish(session.auth).expect(201);
      await apply(session.auth).expect(201);
    });

    it('lets an unverified member chat in rooms and answer direct messages, over REST and the socket, but not start a conversation (403 EMAIL_NOT_VERIFIED) until verified', async () => {
      const friend = await createMember(t);
      const other = await createMember(t);
      const email = 'chats@example.com';
      const session = await register(email, 'Chatty');
      const id = session.member.id as string;

      // Starting a direct conversation waits, and stores nothing.
      const refused = await startConversation(session.auth, {
        memberIds: [friend.id],
        body: 'Hello before verifying',
      });
      expect([refused.status, refused.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
      expect(await countRows(t, 'conversation_members', 'member_id = $1', [id])).toBe(0);
      expect(await countRows(t, 'messages', 'author_id = $1', [id])).toBe(0);

      // Rooms: listed and read over REST, joined and written in over the socket.
      const rooms = await t.http().get('/api/rooms').set(session.auth).expect(200);
      const general = (rooms.body as { items: RoomDto[] }).items.find((r) => r.slug === 'general');
      if (!general) throw new Error('no general room');
      await t.http().get(`/api/rooms/${general.id}/messages`).set(session.auth).expect(200);
      const socket = await chat(session.accessToken);
      const friendSocket = await chat(friend.accessToken);
      expect(await friendSocket.emitWithAck('room:join', { roomId: general.id })).toMatchObject({
        ok: true,
      });
      const heard = record(friendSocket, 'message:new');
      expect(await socket.emitWithAck('room:join', { roomId: general.id })).toMatchObject({
        ok: true,
        room: { id: general.id },
      });
      const inRoom = await socket.emitWithAck('message:send', {
        roomId: general.id,
        clientMsgId: 'unverified-room-1',
        body: 'Unverified, and still chatting',
      });
      expect(inRoom).toMatchObject({ ok: true, message: { author: { id } } });
      await heard.next((message) => message.clientMsgId === 'unverified-room-1');

      // A conversation someone else started: answered over REST and over the socket.
      const startedByFriend = await startConversation(friend.auth, {
        memberIds: [id],
        body: 'Welcome',
      }).expect(201);
      const conversationId = (startedByFriend.body as ConversationDto).id;
      await t
        .http()
        .post(`/api/conversations/${conversationId}/messages`)
        .set(session.auth)
        .send({ clientMsgId: 'unverified-dm-1', body: 'Thanks' })
        .expect(201);
      expect(await socket.emitWithAck('room:join', { roomId: conversationId })).toMatchObject({
        ok: true,
      });
      expect(
        await socket.emitWithAck('message:send', {
          roomId: conversationId,
          clientMsgId: 'unverified-dm-2',
          body: 'Over the socket too',
        }),
      ).toMatchObject({ ok: true, message: { roomId: conversationId, author: { id } } });
      expect(await countRows(t, 'messages', 'author_id = $1', [id])).toBe(3);

      // Once the address is verified, the member starts conversations; chat goes on.
      await verify(tokenOf(await mailTo(smtp, email))).expect(204);
      await startConversation(session.auth, {
        memberIds: [other.id],
        body: 'Hello after verifying',
      }).expect(201);
      expect(
        await socket.emitWithAck('message:send', {
          roomId: general.id,
          clientMsgId: 'verified-room-1',
          body: 'Verified now',
        }),
      ).toMatchObject({ ok: true });
    });

    it('checks in this order: 401, 403 MEMBER_SUSPENDED, 403 EMAIL_NOT_VERIFIED, then 400', async () => {
      const suspended = await createMember(t, {
        emailVerified: false,
        suspendedUntil: new Date(Date.now() + 86_400_000),
      });
      const unverified = await createMember(t, { emailVerified: false });
      const verified = await createMember(t);
      const invalid = { title: '', body: 'x'.repeat(40_000), unknown: true };
      const invalidApplication = applicationBody({ annualTurnoverCny: 'lots', extra: 1 });
      const outcome = (res: { status: number; body: { code?: string } }) => [
        res.status,
        res.body.code,
      ];

      const invalidConversation = { memberIds: 'nobody', body: '', extra: 1 };
      for (const [send, body] of [
        [publish, invalid],
        [apply, invalidApplication],
        [startConversation, invalidConversation],
      ] as const) {
        expect(outcome(await send({ Authorization: 'Bearer nope' }, body))).toEqual([
          401,
          'UNAUTHENTICATED',
        ]);
        expect(outcome(await send(suspended.auth, body))).toEqual([403, 'MEMBER_SUSPENDED']);
        expect(outcome(await send(unverified.auth, body))).toEqual([403, 'EMAIL_NOT_VERIFIED']);
        expect(outcome(await send(verified.auth, body))).toEqual([400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('resending', () => {
    it('mails a new link at most once a minute (429 with Retry-After), by the test clock', async () => {
      const member = await createMember(t, { emailVerified: false });
      await resend(member.auth).expect(204);
      const first = await mailTo(smtp, member.email);
      expectAccountMail(first);
      expect(first.subject).toBe('Verify your email address for Laogao Circle');

      clock.at = new Date(clock.at.getTime() + 20_000);
      const refused = await resend(member.auth);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBe(40);

      clock.at = new Date(clock.at.getTime() + 40_000);
      await resend(member.auth).expect(204);
      const second = await mailTo(smtp, member.email, 2);
      // Either link verifies the address; each once.
      await verify(tokenOf(first)).expect(204);
      await verify(tokenOf(second)).expect(204);
      expect((await verify(tokenOf(first))).body.code).toBe('TOKEN_INVALID');
    });

    it('sends one mail when two resends race', async () => {
      const member = await createMember(t, { emailVerified: false });
      const statuses = (await Promise.all([resend(member.auth), resend(member.auth)])).map(
        (res) => res.status,
      );
      expect(statuses.sort()).toEqual([204, 429]);
      await sent();
      expect(await countRows(t, 'mail_outbox', 'member_id = $1', [member.id])).toBe(1);
    });

    it('sends nothing to an address already verified', async () => {
      const member = await createMember(t);
      await resend(member.auth).expect(204);
      await resend(member.auth).expect(204);
      expect(await countRows(t, 'mail_outbox', 'member_id = $1', [member.id])).toBe(0);
    });

    it('is refused to a suspended member and to visitors', async () => {
      const suspended = await createMember(t, {
        emailVerified: false,
        suspendedUntil: new Date(Date.now() + 86_400_000),
      });
      expect((await resend(suspended.auth)).body.code).toBe('MEMBER_SUSPENDED');
      await t.http().post('/api/auth/verify-email/resend').expect(401);
    });
  });

  describe('tokens', () => {
    it('live 48 hours and no longer', async () => {
      const early = await createMember(t, { emailVerified: false });
      const late = await createMember(t, { emailVerified: false });
      await resend(early.auth).expect(204);
      await resend(late.auth).expect(204);
      const earlyToken = tokenOf(await mailTo(smtp, early.email));
      const lateToken = tokenOf(await mailTo(smtp, late.email));
      const start = clock.at;
      try {
        clock.at = new Date(start.getTime() + 48 * HOUR - 1_000);
        await verify(earlyToken).expect(204);
        clock.at = new Date(start.getTime() + 48 * HOUR + 1_000);
        const expired = await verify(lateToken);
        expect([expired.status, expired.body.code]).toEqual([400, 'TOKEN_INVALID']);
      } finally {
        clock.at = new Date(start.getTime() + 49 * HOUR);
      }
      expect((await me(late.auth)).emailVerifiedAt).toBeNull();
    });

    it('refuses unknown, forged and malformed tokens with 400, never 500', async () => {
      for (const token of ['nope', 'A'.repeat(43), '%00', "' OR 1=1 --", '令牌']) {
        const res = await verify(token);
        expect([token, res.status, res.body.code]).toEqual([token, 400, 'TOKEN_INVALID']);
      }
      for (const token of [
        'abc\u0000def',
        '\u202e',
        '',
        'x'.repeat(201),
        'x'.repeat(100_000),
        42,
        ['a'],
        null,
        { a: 1 },
        true,
      ]) {
        const res = await verify(token);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      for (const body of [{}, { token: 'abc', extra: 1 }]) {
        const res = await t.http().post('/api/auth/verify-email').send(body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('verifies only the address a link was mailed to', async () => {
      const member = await createMember(t, { emailVerified: false });
      await resend(member.auth).expect(204);
      const token = tokenOf(await mailTo(smtp, member.email));
      const newEmail = `moved-${member.id.slice(0, 8)}@example.com`;
      await changeEmail(member.auth, newEmail, member.password).expect(204);
      await verify(tokenOf(await mailTo(smtp, newEmail))).expect(204);
      const stale = await verify(token);
      expect([stale.status, stale.body.code]).toEqual([400, 'TOKEN_INVALID']);
    });
  });

  describe('a password reset', () => {
    it('verifies the address it was mailed to', async () => {
      const member = await createMember(t, { emailVerified: false });
      await t.http().post('/api/auth/password-reset').send({ email: member.email }).expect(204);
      const mail = await mailTo(smtp, member.email);
      const token = new URL(
        /^(http\S+reset-password\S+)$/m.exec(mail.text)?.[1] ?? '',
      ).searchParams.get('token');
      await t
        .http()
        .post('/api/auth/password-reset/confirm')
        .send({ token, newPassword: 'a brand new passphrase 7' })
        .expect(204);
      const signedIn = await login(member.email, 'a brand new passphrase 7').expect(200);
      expect(signedIn.body.member.emailVerifiedAt).toBe(clock.now().toISOString());
      await publish({ Authorization: `Bearer ${signedIn.body.accessToken}` }).expect(201);
    });
  });

  describe('changing the address', () => {
    let member: TestMember;
    beforeEach(async () => {
      member = await createMember(t, { emailVerified: false });
    });

    it('mails a link to the new address and a notice to the old; the address changes when the link is opened', async () => {
      const newEmail = `new-${member.id.slice(0, 8)}@example.com`;
      const answer = await changeEmail(member.auth, ` ${newEmail.toUpperCase()} `, member.password);
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');

      const confirmation = await mailTo(smtp, newEmail);
      expectAccountMail(confirmation);
      expect(confirmation.subject).toBe(
        'Confirm the new email address of your Laogao Circle account',
      );
      expect(confirmation.text).toContain(newEmail);
      expect(confirmation.text).toContain('within 24 hours');
      const notice = await mailTo(smtp, member.email);
      expectAccountMail(notice);
      expect(notice.subject).toBe('Your Laogao Circle email address is about to change');
      expect(notice.text).toContain(newEmail);
      expect(notice.text).toContain('https://circle.example.com/forgot-password');
      expect(notice.text).not.toContain('verify-email');

      // Nothing changes until the link is opened.
      expect((await me(member.auth)).email).toBe(member.email);
      await login(member.email, member.password).expect(200);
      await login(newEmail, member.password).expect(401);

      await verify(tokenOf(confirmation)).expect(204);
      const profile = await me(member.auth);
      expect(profile.email).toBe(newEmail);
      expect(profile.emailVerifiedAt).toBe(clock.now().toISOString());
      await login(newEmail, member.password).expect(200);
      await login(member.email, member.password).expect(401);
      await publish(member.auth).expect(201);
      expect((await verify(tokenOf(confirmation))).body.code).toBe('TOKEN_INVALID');
      // The old address is free again.
      await register(member.email, 'Takes the old address');
    });

    it('writes both mails in Chinese to a Chinese member', async () => {
      const session = await register(
        `zh-change-${member.id.slice(0, 8)}@example.com`,
        '韩梅梅',
        'zh-CN',
      );
      const oldEmail = String(session.member.email);
      const newEmail = `zh-new-${member.id.slice(0, 8)}@example.com`;
      await changeEmail(session.auth, newEmail, PASSWORD).expect(204);
      const confirmation = await mailTo(smtp, newEmail);
      expect(confirmation.subject).toBe('确认老高电商圈账号的新邮箱');
      expect(confirmation.text).toContain('韩梅梅，您好');
      expect(confirmation.text).toContain('24 小时内有效');
      expect(confirmation.html).toContain('lang="zh-CN"');
      await mailTo(smtp, oldEmail, 2);
      const notice = smtp.to(oldEmail).find((mail) => !mail.text.includes('/verify-email'));
      if (!notice) throw new Error('no notice to the old address');
      expect(notice.subject).toBe('老高电商圈账号的邮箱更改请求');
      expect(notice.text).toContain(newEmail);
      expect(notice.text).toContain('重设密码');
    });

    it('refuses a wrong password (403 PASSWORD_INCORRECT) and counts it toward the login lockout', async () => {
      const mails = await countRows(t, 'mail_outbox');
      for (let attempt = 1; attempt <= 3; attempt++) {
        const res = await changeEmail(member.auth, 'elsewhere@example.com', 'not my password');
        expect([res.status, res.body.code]).toEqual([403, 'PASSWORD_INCORRECT']);
      }
      expect(await countRows(t, 'mail_outbox')).toBe(mails);
      expect(await countRows(t, 'email_tokens', 'member_id = $1', [member.id])).toBe(0);
      // Locked now, for a login and for the right password here alike.
      expect((await login(member.email, member.password)).status).toBe(429);
      const locked = await changeEmail(member.auth, 'elsewhere@example.com', member.password);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('answers an address in use as registration does (409 EMAIL_TAKEN), and one’s own with 400', async () => {
      const other = await createMember(t);
      const taken = await changeEmail(member.auth, other.email.toUpperCase(), member.password);
      expect([taken.status, taken.body.code]).toEqual([409, 'EMAIL_TAKEN']);
      const own = await changeEmail(member.auth, member.email, member.password);
      expect([own.status, own.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(own.body.details[0].field).toBe('newEmail');
      expect(await countRows(t, 'email_tokens', 'member_id = $1', [member.id])).toBe(0);
    });

    it('checks the address again when the link is opened', async () => {
      const wanted = `wanted-${member.id.slice(0, 8)}@example.com`;
      await changeEmail(member.auth, wanted, member.password).expect(204);
      const token = tokenOf(await mailTo(smtp, wanted));
      await register(wanted, 'Was faster');
      const res = await verify(token);
      expect([res.status, res.body.code]).toEqual([409, 'EMAIL_TAKEN']);
      expect((await me(member.auth)).email).toBe(member.email);
    });

    it('keeps only the latest change link, and ends password reset links sent to the old address', async () => {
      await t.http().post('/api/auth/password-reset').send({ email: member.email }).expect(204);
      const resetMail = await mailTo(smtp, member.email);
      const resetToken = new URL(
        /^(http\S+reset-password\S+)$/m.exec(resetMail.text)?.[1] ?? '',
      ).searchParams.get('token');
      const first = `first-${member.id.slice(0, 8)}@example.com`;
      const second = `second-${member.id.slice(0, 8)}@example.com`;
      await changeEmail(member.auth, first, member.password).expect(204);
      await changeEmail(member.auth, second, member.password).expect(204);
      const firstToken = tokenOf(await mailTo(smtp, first));
      expect((await verify(firstToken)).body.code).toBe('TOKEN_INVALID');
      await verify(tokenOf(await mailTo(smtp, second))).expect(204);
      expect((await me(member.auth)).email).toBe(second);
      const reset = await t
        .http()
        .post('/api/auth/password-reset/confirm')
        .send({ token: resetToken, newPassword: 'a brand new passphrase 7' });
      expect([reset.status, reset.body.code]).toEqual([400, 'TOKEN_INVALID']);
    });

    it('refuses malformed input with 400, never 500', async () => {
      const bodies: unknown[] = [
        {},
        { newEmail: 'x@example.com' },
        { password: member.password },
        { newEmail: 'not an address', password: member.password },
        { newEmail: 'nul\u0000@example.com', password: member.password },
        { newEmail: `${'a'.repeat(250)}@example.com`, password: member.password },
        { newEmail: `${'a'.repeat(100_000)}@example.com`, password: member.password },
        { newEmail: 42, password: member.password },
        { newEmail: ['x@example.com'], password: member.password },
        { newEmail: 'x@example.com', password: 12345678901 },
        { newEmail: 'x@example.com', password: 'p'.repeat(129) },
        { newEmail: 'x@example.com', password: null },
        { newEmail: 'x@example.com', password: member.password, extra: true },
      ];
      for (const body of bodies) {
        const res = await t
          .http()
          .post('/api/members/me/email')
          .set(member.auth)
          .send(body as object);
        expect([JSON.stringify(body).slice(0, 80), res.status, res.body.code]).toEqual([
          JSON.stringify(body).slice(0, 80),
          400,
          'VALIDATION_FAILED',
        ]);
      }
      const raw = await t
        .http()
        .post('/api/members/me/email')
        .set(member.auth)
        .set('Content-Type', 'application/json')
        .send('{"newEmail": "x@example.com", "password": 1e400}');
      expect(raw.status).toBe(400);
      expect(await countRows(t, 'email_tokens', 'member_id = $1', [member.id])).toBe(0);
    });

    it('is refused to a suspended member and to visitors', async () => {
      const suspended = await createMember(t, {
        suspendedUntil: new Date(Date.now() + 86_400_000),
      });
      const res = await changeEmail(suspended.auth, 'x@example.com', suspended.password);
      expect([res.status, res.body.code]).toEqual([403, 'MEMBER_SUSPENDED']);
      await t
        .http()
        .post('/api/members/me/email')
        .send({ newEmail: 'x@example.com', password: 'x' })
        .expect(401);
    });
  });

  describe('export and erasure', () => {
    it('export the links mailed (never a token) and emailVerifiedAt; erasure deletes them', async () => {
      const member = await createMember(t, { emailVerified: false });
      await resend(member.auth).expect(204);
      const verifyToken = tokenOf(await mailTo(smtp, member.email));
      const newEmail = `export-${member.id.slice(0, 8)}@example.com`;
      await changeEmail(member.auth, newEmail, member.password).expect(204);
      const changeToken = tokenOf(await mailTo(smtp, newEmail));

      const exported = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
      expect(exported.body.profile.emailVerifiedAt).toBeNull();
      expect(exported.body.emailLinks).toEqual([
        expect.objectContaining({ purpose: 'verify', email: member.email, usedAt: null }),
        expect.objectContaining({ purpose: 'change', email: newEmail, usedAt: null }),
      ]);
      expect(exported.body.mail.map((mail: { kind: string }) => mail.kind).sort()).toEqual([
        'email_change',
        'email_change_notice',
        'email_verification',
      ]);
      const text = JSON.stringify(exported.body);
      expect(text).not.toContain(verifyToken);
      expect(text).not.toContain(changeToken);

      await t
        .http()
        .delete('/api/members/me')
        .set(member.auth)
        .send({ password: member.password })
        .expect(204);
      expect(await countRows(t, 'email_tokens', 'member_id = $1', [member.id])).toBe(0);
      const [row] = await t.dataSource.query<{ email_verified_at: Date | null }[]>(
        'SELECT email_verified_at FROM members WHERE id = $1',
        [member.id],
      );
      expect(row.email_verified_at).toBeNull();
      for (const token of [verifyToken, changeToken]) {
        expect((await verify(token)).body.code).toBe('TOKEN_INVALID');
      }
    });
  });

  describe('the migration', () => {
    it('counts the members that exist when verification arrives as verified', async () => {
      const member = await createMember(t, { emailVerified: false });
      const runner = t.dataSource.createQueryRunner();
      try {
        const migration = new AddEmailVerification1796500000000();
        await runner.startTransaction();
        await migration.down(runner);
        await migration.up(runner);
        const [row] = (await runner.query('SELECT email_verified_at FROM members WHERE id = $1', [
          member.id,
        ])) as { email_verified_at: Date | null }[];
        expect(row.email_verified_at).not.toBeNull();
        await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    });
  });
});

describe('Email verification optional (no SMTP_URL), mail as .eml files', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'laogao-verify-'));
    t = await createTestApp({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://circle.example.com',
      ADMIN_EMAIL: 'env-admin@example.com',
      ADMIN_PASSWORD: 'an admin passphrase 42',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets an unverified member publish, and writes the verification link into an .eml file', async () => {
    const email = 'eml-verify@example.com';
    const res = await t
      .http()
      .post('/api/auth/register')
      .send({ email, password: PASSWORD, displayName: 'Eml' })
      .expect(201);
    expect(res.body.member).toMatchObject({
      emailVerifiedAt: null,
      emailVerificationRequired: false,
    });
    const auth = { Authorization: `Bearer ${res.body.accessToken}` };
    await t.http().post('/api/posts').set(auth).send({ title: 'T', body: 'B' }).expect(201);

    await t.app.get(MailWorker).deliverDue();
    const dir = join(dataDir, 'mail');
    const files = (await readdir(dir)).filter((file) => file.endsWith('.eml'));
    const mails = await Promise.all(
      files.map(async (file) =>
        parseMail((await readFile(join(dir, file), 'utf8')).replace(/\r?\n/g, '\r\n')),
      ),
    );
    const mail = mails.find((m) => m.headers.get('to') === email);
    expect(mail?.subject).toBe('Verify your email address for Laogao Circle');
    expect(mail?.headers.has('list-unsubscribe')).toBe(false);
    const token = tokenOf(mail ?? { text: '', html: '' });
    await t.http().post('/api/auth/verify-email').send({ token }).expect(204);
    const profile = await t.http().get('/api/members/me').set(auth).expect(200);
    expect(profile.body.emailVerifiedAt).not.toBeNull();
  });

  it('lets an unverified member start a direct conversation', async () => {
    const unverified = await createMember(t, { emailVerified: false });
    const friend = await createMember(t);
    const res = await t
      .http()
      .post('/api/conversations')
      .set(unverified.auth)
      .send({ memberIds: [friend.id], body: 'Hello, unverified' });
    expect(res.status).toBe(201);
    expect((res.body as ConversationDto).lastMessage).toMatchObject({
      body: 'Hello, unverified',
    });
  });

  it('verifies the admin from the environment', async () => {
    const [row] = await t.dataSource.query<{ email_verified_at: Date | null }[]>(
      `SELECT email_verified_at FROM members WHERE email = 'env-admin@example.com'`,
    );
    expect(row.email_verified_at).not.toBeNull();
  });
});

describe('EMAIL_VERIFICATION=required without SMTP_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EMAIL_VERIFICATION: 'required' });
  });
  afterAll(() => t.close());

  it('holds back publishing as with a mail server', async () => {
    const member = await createMember(t, { emailVerified: false });
    const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
    expect(me.body.emailVerificationRequired).toBe(true);
    const res = await t.http().post('/api/posts').set(member.auth).send({ title: 'T', body: 'B' });
    expect([res.status, res.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
  });

  it('counts the demo members as verified: they publish at once', async () => {
    const data = buildDemoData(new Date());
    await seedDemo(t.dataSource, data, {
      passwordHash: await t.app.get(PasswordService).hash(DEMO_PASSWORD),
      minAnnualTurnoverCny: t.config.GOLDEN_CROWN_MIN_TURNOVER_CNY,
      storage: t.app.get(UPLOAD_STORAGE),
    });
    const emails = data.members.map((member) => member.email);
    expect(await countRows(t, 'members', 'email = ANY($1)', [emails])).toBe(emails.length);
    expect(
      await countRows(t, 'members', 'email = ANY($1) AND email_verified_at IS NULL', [emails]),
    ).toBe(0);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: emails[0], password: DEMO_PASSWORD })
      .expect(200);
    expect(login.body.member.emailVerifiedAt).not.toBeNull();
    await t
      .http()
      .post('/api/posts')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .send({ title: 'A demo member writes', body: 'At once' })
      .expect(201);
  });
});

/** Several processes share a database only on PostgreSQL (the embedded one serves one). */
if (process.env.DATABASE_URL) {
  describe('The resend limit across two processes', () => {
    const smtp = new TestSmtp();
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      await smtp.start();
      one = await createTestApp(SMTP_ENV(smtp));
      two = await createTestApp({
        ...SMTP_ENV(smtp),
        DATABASE_URL: one.config.DATABASE_URL ?? '',
        JWT_SECRET: one.config.JWT_SECRET ?? '',
      });
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
      await smtp.stop();
    });

    it('holds: a resend through one process, then through the other, is 429', async () => {
      const member = await createMember(one, { emailVerified: false });
      await one.http().post('/api/auth/verify-email/resend').set(member.auth).expect(204);
      const res = await two.http().post('/api/auth/verify-email/resend').set(member.auth);
      expect([res.status, res.body.code]).toEqual([429, 'RATE_LIMITED']);
    });
  });
}

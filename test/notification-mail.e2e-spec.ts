import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../src/common/clock/clock';
import { JobRunner } from '../src/modules/jobs/job-runner';
import { MailWorker } from '../src/modules/mail/mail-worker';
import { UnsubscribeTokens } from '../src/modules/notification-mail/unsubscribe-tokens';
import { NotificationsService } from '../src/modules/notifications/notifications.service';
import {
  createApplication,
  createComment,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  countRows,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { TestSmtp, type ReceivedMail } from './support/test-smtp';

/** A clock that stays where the test puts it: the job runner's own ticks claim one hour only. */
class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const T0 = new Date();
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const PUBLIC_URL = 'https://circle.example.com';

const DEFAULT_KINDS = {
  application_decided: 'instant',
  golden_crown_expiring: 'instant',
  golden_crown_lapsed: 'instant',
  mention: 'instant',
  direct_message: 'instant',
  comment_on_post: 'digest',
  reply_to_comment: 'digest',
  new_follower: 'digest',
  report_resolved: 'digest',
  member_suspended: 'instant',
  tier_revoked: 'instant',
};

interface OutboxRow {
  kind: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
}

/** Waits for the `count`-th mail to `address` (the worker sends after `wake()`). */
async function mailTo(smtp: TestSmtp, address: string, count = 1): Promise<ReceivedMail> {
  for (let waited = 0; waited < 10_000; waited += 25) {
    const mails = smtp.to(address);
    if (mails.length >= count) return mails[count - 1];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no mail number ${count} to ${address}`);
}

/** The token of a mail's `List-Unsubscribe` header, checked against RFC 8058's form. */
function unsubscribeTokenOf(mail: Pick<ReceivedMail, 'headers'>): string {
  const header = mail.headers.get('list-unsubscribe') ?? '';
  const link = /^<(https:\/\/circle\.example\.com\/api\/email\/unsubscribe\?token=[^>]+)>$/.exec(
    header,
  )?.[1];
  if (!link) throw new Error(`no one-click link in List-Unsubscribe: ${header}`);
  expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  return new URL(link).searchParams.get('token') ?? '';
}

describe('Notification mail', () => {
  const smtp = new TestSmtp();
  const clock = new TestClock(T0);
  let t: TestApp;
  let moderator: TestMember;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(
      {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Laogao <no-reply@circle.example.com>',
        PUBLIC_URL: `${PUBLIC_URL}/`,
        RATE_LIMIT_WRITE_PER_MINUTE: '10000',
        RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      },
      { clock },
    );
    // The tests run the jobs themselves: the runner's own 30 s tick would also write digest
    // rows (email_preferences) between a test's steps.
    await t.app.get(JobRunner).stop();
    moderator = await createModerator(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  const preferences = (member: TestMember) =>
    t.http().get('/api/members/me/email-preferences').set(member.auth);
  const putPreferences = (member: TestMember, body: unknown) =>
    t
      .http()
      .put('/api/members/me/email-preferences')
      .set(member.auth)
      .send(body as object);
  const unsubscribe = (token: string) => t.http().post('/api/email/unsubscribe').query({ token });

  async function choose(
    member: TestMember,
    changes: { locale?: 'zh' | 'en'; digest?: string; kinds?: Record<string, string> },
  ) {
    await putPreferences(member, {
      locale: changes.locale ?? 'en',
      digest: changes.digest ?? 'daily',
      kinds: changes.kinds ?? {},
    }).expect(200);
  }

  const outbox = (member: TestMember, kind?: string) =>
    t.dataSource.query<OutboxRow[]>(
      `SELECT kind, subject, text_body, html_body, headers FROM mail_outbox
        WHERE member_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
      [member.id, kind ?? null],
    );

  const digest = (now: Date) => t.app.get(JobRunner).run('mail.digest', now);

  async function decideApplication(applicant: TestMember, decision: 'approve' | 'reject') {
    const application = await createApplication(t, applicant);
    await t
      .http()
      .post(`/api/moderation/applications/${application.id}/decision`)
      .set(moderator.auth)
      .send(decision === 'approve' ? { decision } : { decision, reason: '营业额证明不足' })
      .expect(200);
  }

  describe('preferences', () => {
    it('start at the defaults of the contract and come back as they were put', async () => {
      const member = await createMember(t);
      const first = await preferences(member).expect(200);
      expect(first.body).toEqual({ locale: 'en', digest: 'daily', kinds: DEFAULT_KINDS });

      const put = await putPreferences(member, {
        locale: 'zh',
        digest: 'weekly',
        kinds: { comment_on_post: 'instant', new_follower: 'off' },
      }).expect(200);
      const expected = {
        locale: 'zh',
        digest: 'weekly',
        kinds: { ...DEFAULT_KINDS, comment_on_post: 'instant', new_follower: 'off' },
      };
      expect(put.body).toEqual(expected);
      expect((await preferences(member).expect(200)).body).toEqual(expected);
      // The language is the profile's.
      expect((await t.http().get('/api/members/me').set(member.auth)).body.locale).toBe('zh');

      // The whole shape back: the same again.
      await putPreferences(member, expected).expect(200);
      expect((await preferences(member)).body).toEqual(expected);
      const stored = await t.dataSource.query<{ kinds: Record<string, string> }[]>(
        `SELECT kinds FROM email_preferences WHERE member_id = $1`,
        [member.id],
      );
      expect(stored[0].kinds).toEqual(expected.kinds);
    });

    it('refuse anything but the shape, with 400 VALIDATION_FAILED and nothing stored', async () => {
      const member = await createMember(t);
      const valid = { locale: 'en', digest: 'daily', kinds: {} };
      const bad: unknown[] = [
        {},
        { ...valid, locale: 'fr' },
        { ...valid, locale: null },
        { ...valid, digest: 'hourly' },
        { ...valid, digest: '' },
        { ...valid, kinds: { no_such_kind: 'instant' } },
        { ...valid, kinds: { comment_on_post: 'sometimes' } },
        { ...valid, kinds: { comment_on_post: true } },
        { ...valid, kinds: { comment_on_post: ['instant'] } },
        { ...valid, kinds: [] },
        { ...valid, kinds: 'instant' },
        { ...valid, kinds: null },
        { locale: 'en', digest: 'daily' },
        { ...valid, extra: 1 },
        { ...valid, kinds: { constructor: 'off' } },
        { ...valid, locale: 'en\u0000' },
        { ...valid, kinds: { comment_on_post: 'instant\u0000' } },
        { ...valid, digest: 'x'.repeat(100_000) },
        [valid],
        'digest=off',
      ];
      for (const body of bad) {
        const res = await putPreferences(member, body);
        expect([body, res.status, res.body.code]).toEqual([body, 400, 'VALIDATION_FAILED']);
      }
      expect(await countRows(t, 'email_preferences', 'member_id = $1', [member.id])).toBe(0);
      await t.http().get('/api/members/me/email-preferences').expect(401);
      await t.http().put('/api/members/me/email-preferences').send(valid).expect(401);
    });

    it('may be changed by a suspended member', async () => {
      const member = await createMember(t, { suspendedUntil: new Date(Date.now() + DAY) });
      await choose(member, { kinds: { member_suspended: 'off' } });
      expect((await preferences(member)).body.kinds.member_suspended).toBe('off');
    });
  });

  describe('instant mail', () => {
    it('tells an English applicant the decision at once, in English, with one-click unsubscribe', async () => {
      const applicant = await createMember(t, { displayName: 'Ada <b>' });
      await decideApplication(applicant, 'approve');
      const mail = await mailTo(smtp, applicant.email);
      expect(mail.subject).toBe('Your Golden Crown Club application was approved. Welcome!');
      expect(mail.text).toContain('Hello Ada <b>,');
      expect(mail.html).toContain('Hello Ada &lt;b&gt;,');
      expect(mail.text).toContain(`${PUBLIC_URL}/golden-crown`);
      expect(mail.html).not.toMatch(/<img/i);
      const token = unsubscribeTokenOf(mail);
      expect(token.split('.').slice(0, 2)).toEqual([applicant.id, 'application_decided']);
      // The body's link opens the web client's confirmation page, not the API.
      expect(mail.text).toContain(`${PUBLIC_URL}/unsubscribe?token=${token}`);
      expect(mail.text).toContain(`${PUBLIC_URL}/settings`);
    });

    it('writes to a Chinese member in Chinese, with the reason of a refusal', async () => {
      const applicant = await createMember(t, { displayName: '李雷' });
      await choose(applicant, { locale: 'zh' });
      await decideApplication(applicant, 'reject');
      const mail = await mailTo(smtp, applicant.email);
      expect(mail.subject).toBe('您的金冠俱乐部申请未获批准。');
      expect(mail.text).toContain('李雷，您好');
      expect(mail.text).toContain('理由：营业额证明不足');
      expect(mail.text).toContain('不再接收这类邮件');
      expect(mail.html).toContain('lang="zh-CN"');
      unsubscribeTokenOf(mail);
    });

    it('sends nothing for a kind that is off, and nothing at once for a digest kind', async () => {
      const off = await createMember(t);
      await choose(off, { kinds: { application_decided: 'off' } });
      await decideApplication(off, 'approve');
      const author = await createMember(t);
      const commenter = await createMember(t);
      const post = await createPost(t, author);
      await createComment(t, commenter, post.id);
      // Both notifications exist; neither has a mail (comments go to the digest by default).
      expect(await countRows(t, 'notifications', 'member_id = $1', [off.id])).toBe(1);
      expect(await countRows(t, 'notifications', 'member_id = $1', [author.id])).toBe(1);
      expect(await outbox(off)).toEqual([]);
      expect(await outbox(author)).toEqual([]);
    });

    it('mails comments and replies at once when chosen, naming the post and the commenter', async () => {
      const author = await createMember(t);
      const replier = await createMember(t, { displayName: 'Bob' });
      const commenter = await createMember(t, { displayName: 'Carol' });
      await choose(author, { kinds: { comment_on_post: 'instant' } });
      await choose(commenter, { locale: 'zh', kinds: { reply_to_comment: 'instant' } });
      const title = `Sourcing in Yiwu ${randomUUID().slice(0, 6)}`;
      const post = await createPost(t, author, { title });
      const comment = await createComment(t, commenter, post.id);
      const reply = await createComment(t, replier, post.id, { parentId: comment.id });

      await mailTo(smtp, author.email, 2);
      const toAuthor = smtp.to(author.email).find((mail) => mail.subject.startsWith('Carol'));
      if (!toAuthor) throw new Error('no mail about Carol’s comment');
      expect(toAuthor.subject).toBe(`Carol commented on your post “${title}”.`);
      expect(smtp.to(author.email).map((mail) => mail.subject)).toContain(
        `Bob commented on your post “${title}”.`,
      );
      expect(toAuthor.text).toContain(`${PUBLIC_URL}/posts/${post.id}#comment-${comment.id}`);
      expect(unsubscribeTokenOf(toAuthor).split('.')[1]).toBe('comment_on_post');

      const toCommenter = await mailTo(smtp, commenter.email);
      expect(toCommenter.subject).toBe(`Bob 回复了您在《${title}》下的评论。`);
      expect(toCommenter.text).toContain(`${PUBLIC_URL}/posts/${post.id}#comment-${reply.id}`);
      expect(unsubscribeTokenOf(toCommenter).split('.')[1]).toBe('reply_to_comment');
      // One mail per notification.
      expect(await outbox(author)).toHaveLength(2);
      expect(await outbox(commenter)).toHaveLength(1);
    });

    it('never mails about a post the recipient cannot see', async () => {
      const author = await createGoldenCrownMember(t);
      const standard = await createMember(t);
      const golden = await createGoldenCrownMember(t);
      for (const member of [standard, golden]) {
        await choose(member, { kinds: { reply_to_comment: 'instant' } });
      }
      const post = await createPost(t, author);
      const fromStandard = await createComment(t, standard, post.id);
      const fromGolden = await createComment(t, golden, post.id);
      const secret = `金冠内部 ${randomUUID()}`;
      await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(author.auth)
        .send({ visibility: 'golden_crown', title: secret })
        .expect(200);
      await createComment(t, author, post.id, { parentId: fromStandard.id });
      await createComment(t, author, post.id, { parentId: fromGolden.id });

      const toGolden = await mailTo(smtp, golden.email);
      expect(toGolden.subject).toContain(secret);
      expect(await outbox(standard)).toEqual([]);
      expect(smtp.to(standard.email)).toEqual([]);
    });

    it('leaves List-Unsubscribe off account mail', async () => {
      const member = await createMember(t);
      await t.http().post('/api/auth/password-reset').send({ email: member.email }).expect(204);
      const mail = await mailTo(smtp, member.email);
      expect(mail.subject).toBe('Reset your Laogao Circle password');
      expect(mail.headers.has('list-unsubscribe')).toBe(false);
      expect(mail.headers.has('list-unsubscribe-post')).toBe(false);
    });
  });

  describe('one-click unsubscribe', () => {
    /** A member with comments mailed at once, and the token of the first such mail. */
    async function commentMailToken(member: TestMember) {
      await choose(member, { kinds: { comment_on_post: 'instant' } });
      const post = await createPost(t, member);
      await createComment(t, await createMember(t), post.id);
      const token = unsubscribeTokenOf(await mailTo(smtp, member.email));
      return { token, post };
    }

    it('turns the kind off with an empty POST, and again (idempotent)', async () => {
      const member = await createMember(t);
      const { token, post } = await commentMailToken(member);
      expect(token.split('.').slice(0, 2)).toEqual([member.id, 'comment_on_post']);
      const res = await unsubscribe(token);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await preferences(member)).body.kinds).toEqual({
        ...DEFAULT_KINDS,
        comment_on_post: 'off',
      });
      await unsubscribe(token).expect(204);
      // Opening the header's link (a GET) only leads to the web client's page.
      const opened = await t.http().get('/api/email/unsubscribe').query({ token });
      expect(opened.status).toBe(302);
      expect(opened.headers.location).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
      // Off means off: the next comment sends nothing (and joins no digest).
      await createComment(t, await createMember(t), post.id);
      expect(await outbox(member)).toHaveLength(1);
    });

    it('accepts the RFC 8058 form body List-Unsubscribe=One-Click', async () => {
      const member = await createMember(t);
      const { token } = await commentMailToken(member);
      await t.http().get('/api/email/unsubscribe').query({ token }).expect(302);
      expect((await preferences(member)).body.kinds.comment_on_post).toBe('instant');
      await t
        .http()
        .post(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('List-Unsubscribe=One-Click')
        .expect(204);
      expect((await preferences(member)).body.kinds.comment_on_post).toBe('off');
      expect((await preferences(member)).body.digest).toBe('daily');
    });

    it('refuses forged, altered and malformed tokens with 400 TOKEN_INVALID, changing nothing', async () => {
      const member = await createMember(t);
      const other = await createMember(t);
      const { token } = await commentMailToken(member);
      const [id, kind, signature] = token.split('.');
      const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
      const forged = [
        `${id}.${kind}.${flipped}`,
        `${other.id}.${kind}.${signature}`,
        `${id}.digest.${signature}`,
        `${id}.application_decided.${signature}`,
        `${id}.${kind}`,
        `${id}.${kind}.${signature}.x`,
        `${id}.no_such_kind.${signature}`,
        `not-a-uuid.${kind}.${signature}`,
        `${id}.${kind}.${randomBytes(32).toString('base64url')}`,
        `${id}.${kind}.`,
        'x',
        "' OR 1=1 --",
        '令牌.令牌.令牌',
        '...',
      ];
      for (const bad of forged) {
        const res = await unsubscribe(bad);
        expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'TOKEN_INVALID']);
      }
      for (const query of [{}, { token: '' }, { token: 'x'.repeat(201) }, { token: 'a\u0000b' }]) {
        const res = await t.http().post('/api/email/unsubscribe').query(query);
        expect(res.status).toBe(400);
        expect(['VALIDATION_FAILED', 'TOKEN_INVALID']).toContain(res.body.code);
      }
      // A token signed by another server (another secret) is refused as well.
      const foreign = new UnsubscribeTokens(randomBytes(32).toString('hex'));
      const res = await unsubscribe(foreign.sign(member.id, 'comment_on_post'));
      expect([res.status, res.body.code]).toEqual([400, 'TOKEN_INVALID']);
      expect((await preferences(member)).body.kinds.comment_on_post).toBe('instant');
      expect((await preferences(other)).body.kinds).toEqual(DEFAULT_KINDS);
    });
  });

  describe('the digest', () => {
    /** Members whose first digest has run: the period starts at `start`. */
    async function digestMember(options: { zh?: boolean; weekly?: boolean } = {}) {
      const member = await createMember(t, { displayName: options.zh ? '韩梅梅' : 'Dana' });
      if (options.zh || options.weekly) {
        await choose(member, {
          locale: options.zh ? 'zh' : 'en',
          digest: options.weekly ? 'weekly' : 'daily',
        });
      }
      return member;
    }

    it('is skipped when empty, and the period still starts again', async () => {
      const member = await digestMember();
      await digest(at(HOUR));
      expect(await outbox(member, 'digest')).toEqual([]);
      const [row] = await t.dataSource.query<{ last_digest_at: Date }[]>(
        `SELECT last_digest_at FROM email_preferences WHERE member_id = $1`,
        [member.id],
      );
      expect(row.last_digest_at.toISOString()).toBe(
        new Date(Math.floor(at(HOUR).getTime() / HOUR) * HOUR).toISOString(),
      );
    });

    it('lists, once a day, what arrived since the last one and what the member may still see', async () => {
      const member = await digestMember();
      await digest(at(HOUR));
      const commenter = await createMember(t, { displayName: 'Erin' });
      const post = await createPost(t, member, { title: 'Daily digest post' });
      await createComment(t, commenter, post.id);
      const hiddenLater = await createPost(t, member, { title: 'Soon removed' });
      await createComment(t, commenter, hiddenLater.id);
      await t.http().delete(`/api/posts/${hiddenLater.id}`).set(member.auth).expect(204);

      // Within the day: nothing.
      await digest(at(2 * HOUR));
      await digest(at(DAY));
      expect(await outbox(member, 'digest')).toEqual([]);

      await digest(at(DAY + HOUR));
      await digest(at(DAY + HOUR + 60_000));
      const [stored] = await outbox(member, 'digest');
      expect(await outbox(member, 'digest')).toHaveLength(1);
      expect(stored.subject).toBe('Your Laogao Circle digest: 1 new notification');
      expect(stored.text_body).toContain('Erin commented on your post “Daily digest post”.');
      expect(stored.text_body).not.toContain('Soon removed');

      const mail = await mailTo(smtp, member.email);
      expect(mail.subject).toBe(stored.subject);
      expect(mail.html).toContain('Erin commented on your post “Daily digest post”.');
      expect(mail.html).not.toMatch(/<img/i);
      const token = unsubscribeTokenOf(mail);
      expect(token.split('.').slice(0, 2)).toEqual([member.id, 'digest']);

      // The next day lists only what came after.
      await createComment(t, commenter, post.id, { body: 'A second one' });
      await createComment(t, commenter, post.id, { body: 'A third one' });
      await digest(at(2 * DAY + HOUR));
      const digests = await outbox(member, 'digest');
      expect(digests).toHaveLength(2);
      expect(digests[1].subject).toBe('Your Laogao Circle digest: 2 new notifications');

      // Unsubscribed from the digest: none the day after, whatever arrives.
      await unsubscribe(token).expect(204);
      expect((await preferences(member)).body.digest).toBe('off');
      await createComment(t, commenter, post.id);
      await digest(at(3 * DAY + HOUR));
      expect(await outbox(member, 'digest')).toHaveLength(2);
    });

    it('comes once a week when chosen, in Chinese', async () => {
      const member = await digestMember({ zh: true, weekly: true });
      await digest(at(HOUR));
      const commenter = await createMember(t, { displayName: 'Frank' });
      const post = await createPost(t, member, { title: '每周摘要' });
      await createComment(t, commenter, post.id);

      await digest(at(DAY + HOUR));
      await digest(at(6 * DAY + HOUR));
      expect(await outbox(member, 'digest')).toEqual([]);

      await digest(at(7 * DAY + HOUR));
      const digests = await outbox(member, 'digest');
      expect(digests).toHaveLength(1);
      expect(digests[0].subject).toBe('老高电商圈摘要：1 条新通知');
      expect(digests[0].text_body).toContain('Frank 评论了您的帖子《每周摘要》。');
      expect(digests[0].text_body).toContain('韩梅梅，您好');
      expect(digests[0].text_body).toContain('不再接收摘要邮件');
      await digest(at(8 * DAY + HOUR));
      expect(await outbox(member, 'digest')).toHaveLength(1);
    });

    it('leaves out kinds that are mailed at once or off', async () => {
      const member = await digestMember();
      await choose(member, { kinds: { comment_on_post: 'off' } });
      await digest(at(HOUR));
      const commenter = await createMember(t);
      const post = await createPost(t, member);
      await createComment(t, commenter, post.id);
      await digest(at(DAY + HOUR));
      expect(await outbox(member, 'digest')).toEqual([]);
    });
  });

  describe('direct messages', () => {
    const MINUTE = 60_000;
    const sweep = (afterMinutes: number) =>
      t.app
        .get(JobRunner)
        .run('mail.unread-direct-messages', new Date(Date.now() + afterMinutes * MINUTE));
    /** A conversation's notification, as direct messages make it (one per unread stretch). */
    async function directMessage(to: TestMember, from: TestMember, count = 1) {
      const conversationId = randomUUID();
      await t.app.get(NotificationsService).notify({
        memberId: to.id,
        type: 'direct_message',
        actorId: from.id,
        data: { conversationId, messageId: randomUUID(), seq: count, count },
      });
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM notifications WHERE member_id = $1 AND data->>'conversationId' = $2`,
        [to.id, conversationId],
      );
      return { conversationId, notificationId: row.id };
    }

    it('are mailed once, only when still unread 15 minutes later', async () => {
      const reader = await createMember(t);
      const sender = await createMember(t, { displayName: 'Gina' });
      const { conversationId } = await directMessage(reader, sender, 3);
      expect(await outbox(reader)).toEqual([]);
      await sweep(10);
      expect(await outbox(reader)).toEqual([]);

      await sweep(16);
      await sweep(20);
      const [stored] = await outbox(reader);
      expect(await outbox(reader)).toHaveLength(1);
      expect(stored.kind).toBe('notification.direct_message');
      expect(stored.subject).toBe('Gina sent you 3 direct messages.');
      expect(stored.text_body).toContain(`${PUBLIC_URL}/messages/${conversationId}`);
      const mail = await mailTo(smtp, reader.email);
      expect(unsubscribeTokenOf(mail).split('.').slice(0, 2)).toEqual([
        reader.id,
        'direct_message',
      ]);
    });

    it('are not mailed once read, nor when the member turned them off', async () => {
      const reader = await createMember(t);
      const unwilling = await createMember(t);
      const sender = await createMember(t);
      await choose(unwilling, { kinds: { direct_message: 'off' } });
      const { notificationId } = await directMessage(reader, sender);
      await directMessage(unwilling, sender);
      await t
        .http()
        .post('/api/notifications/read')
        .set(reader.auth)
        .send({ ids: [notificationId] })
        .expect(204);
      await sweep(16);
      expect(await outbox(reader)).toEqual([]);
      expect(await outbox(unwilling)).toEqual([]);
      // Handled once: turning them on later does not mail the old one.
      await choose(unwilling, { kinds: { direct_message: 'instant' } });
      await sweep(17);
      expect(await outbox(unwilling)).toEqual([]);
    });
  });

  describe('personal data', () => {
    it('exports the preferences and erases them with the account', async () => {
      const member = await createMember(t);
      await choose(member, { digest: 'weekly', kinds: { report_resolved: 'off' } });
      const exported = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
      expect(exported.body.emailPreferences).toEqual({
        digest: 'weekly',
        kinds: { ...DEFAULT_KINDS, report_resolved: 'off' },
        lastDigestAt: null,
        updatedAt: expect.any(String),
      });
      await t
        .http()
        .delete('/api/members/me')
        .set(member.auth)
        .send({ password: member.password })
        .expect(204);
      expect(await countRows(t, 'email_preferences', 'member_id = $1', [member.id])).toBe(0);
      expect(await countRows(t, 'mail_outbox', 'member_id = $1', [member.id])).toBe(0);
    });
  });
});

/** Several processes share a database only on PostgreSQL (the embedded one serves one). */
if (process.env.DATABASE_URL) {
  describe('The digest with two server processes on one PostgreSQL database', () => {
    const clock = new TestClock(T0);
    const secret = randomBytes(32).toString('hex');
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      const env = { JWT_SECRET: secret, RATE_LIMIT_WRITE_PER_MINUTE: '10000' };
      one = await createTestApp(env, { clock });
      two = await createTestApp(
        { ...env, DATABASE_URL: one.config.DATABASE_URL ?? '' },
        { clock: new TestClock(T0) },
      );
      // Only the outbox rows count here: no process sends them.
      one.app.get(MailWorker).pausePolling();
      two.app.get(MailWorker).pausePolling();
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
    });

    it('send one digest per member per period between them', async () => {
      const members = await Promise.all(Array.from({ length: 6 }, () => createMember(one)));
      const commenter = await createMember(one);
      const runBoth = (now: Date) =>
        Promise.all([
          one.app.get(JobRunner).run('mail.digest', now),
          two.app.get(JobRunner).run('mail.digest', now),
          one.app.get(JobRunner).runDue(now),
          two.app.get(JobRunner).runDue(now),
        ]);
      await runBoth(at(HOUR));
      const digestsOf = async () =>
        (
          await one.dataSource.query<{ member_id: string; count: number }[]>(
            `SELECT member_id, count(*)::int AS count FROM mail_outbox
              WHERE kind = 'digest' AND member_id = ANY($1) GROUP BY member_id`,
            [members.map((member) => member.id)],
          )
        )
          .map((row) => row.count)
          .sort();

      for (let day = 1; day <= 3; day += 1) {
        for (const member of members) {
          const post = await createPost(one, member);
          await createComment(one, commenter, post.id);
        }
        await runBoth(at(day * DAY + HOUR));
        await runBoth(at(day * DAY + HOUR + 60_000));
        expect(await digestsOf()).toEqual(members.map(() => day));
      }
    });
  });
}

import { randomUUID } from 'node:crypto';
import type { Clock } from '../src/common/clock/clock';
import type { SendAck } from '../src/modules/discussion/discussion.events';
import type { MessageDto } from '../src/modules/discussion/dto/message.dto';
import { JobRunner } from '../src/modules/jobs/job-runner';
import { Member } from '../src/modules/members/member.entity';
import {
  countRows,
  createApplication,
  createMember,
  createModerator,
  createRoom,
  type TestMember,
} from './support/factories';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import { applicationBody } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Golden Crown terms (SPEC "Golden Crown Club, stage two"): `goldenCrownUntil`, reminders
 * 30 and 7 days before, renewal from 60 days before, the lapse at the end — with a clock
 * the test moves and the job's entry point.
 */

/** A clock the test moves. */
class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const DAY = 24 * 60 * 60 * 1000;
const TERM = 365 * DAY;
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const JOB = 'golden-crown.terms';

type Body = Record<string, unknown>;

function terms(t: TestApp, now: Date): Promise<void> {
  return t.app.get(JobRunner).run(JOB, now);
}

async function memberRow(t: TestApp, member: TestMember): Promise<Member> {
  return t.dataSource.getRepository(Member).findOneByOrFail({ id: member.id });
}

/** A Golden Crown member whose term ends at `until` (written straight to the database). */
async function crowned(t: TestApp, until: Date): Promise<TestMember> {
  const member = await createMember(t, { tier: 'golden_crown' });
  await t.dataSource.getRepository(Member).update({ id: member.id }, { goldenCrownUntil: until });
  return member;
}

async function notificationsOf(t: TestApp, member: TestMember, type: string): Promise<Body[]> {
  const rows = await t.dataSource.query<{ data: Body }[]>(
    `SELECT data FROM notifications WHERE member_id = $1 AND type = $2 ORDER BY created_at, id`,
    [member.id, type],
  );
  return rows.map((row) => row.data);
}

function mails(t: TestApp, member: TestMember, kind: string): Promise<number> {
  return countRows(t, 'mail_outbox', 'member_id = $1 AND kind = $2', [member.id, kind]);
}

function lapseAudits(t: TestApp, member: TestMember): Promise<number> {
  return countRows(t, 'audit_log', `target_id = $1 AND action = 'member.golden_crown_lapsed'`, [
    member.id,
  ]);
}

const sendTo = (socket: ChatClient, roomId: string, body = 'hi') =>
  socket.emitWithAck('message:send', { roomId, clientMsgId: randomUUID(), body });

function sent(ack: SendAck): MessageDto {
  if (!ack.ok) throw new Error(`message:send refused: ${ack.code} ${ack.message}`);
  return ack.message;
}

interface LoungeSockets {
  /** The socket of the member whose term lapses. */
  socket: ChatClient;
  /** A Golden Crown member whose term runs on, in the lounge. */
  peerSocket: ChatClient;
  lounge: string;
  open: string;
}

/** Before the lapse: both in the Golden Crown lounge, the member in an open room too. */
async function inLounge({ socket, peerSocket, lounge, open }: LoungeSockets): Promise<void> {
  for (const [client, roomId] of [
    [socket, lounge],
    [socket, open],
    [peerSocket, lounge],
  ] as const) {
    expect(await client.emitWithAck('room:join', { roomId })).toMatchObject({ ok: true });
  }
  sent(await sendTo(socket, lounge, 'still crowned'));
}

/**
 * Right after the lapse run returned, with nothing in between: the member's socket has
 * left the lounge (its very next send is NOT_IN_ROOM, not the FORBIDDEN of a socket still
 * in the room that only the send's own check refuses), hears none of the lounge's
 * messages, may not join again, and still talks in the open room; the peer goes on
 * hearing `sender`'s messages in the lounge.
 */
async function expectOutOfLounge({
  socket,
  peerSocket,
  sender,
  lounge,
  open,
}: LoungeSockets & { sender: ChatClient }): Promise<void> {
  const heard = record(socket, 'message:new');
  expect(await sendTo(socket, lounge)).toEqual({
    ok: false,
    code: 'NOT_IN_ROOM',
    message: expect.any(String),
  });

  const peerHeard = record(peerSocket, 'message:new');
  const said = sent(await sendTo(sender, lounge, 'after the lapse'));
  await peerHeard.next((message) => message.id === said.id);
  // The peer's process wrote the message to every socket of the lounge it holds before the
  // peer had it; the member's own answer, on the same connection, comes after it.
  const mine = sent(await sendTo(socket, open, 'in the open room'));
  await heard.next((message) => message.id === mine.id);
  expect(heard.seen.filter((message) => message.roomId === lounge)).toEqual([]);

  expect(await socket.emitWithAck('room:join', { roomId: lounge })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
  });
  expect(socket.connected).toBe(true);
}

describe('Golden Crown terms', () => {
  let t: TestApp;
  let clock: TestClock;
  let moderator: TestMember;

  beforeAll(async () => {
    clock = new TestClock(T0);
    t = await createTestApp(
      { RATE_LIMIT_WRITE_PER_MINUTE: '10000', CHAT_BURST: '1000' },
      { clock },
    );
    moderator = await createModerator(t);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    clock.at = T0;
  });

  const submit = (member: TestMember, overrides: Body = {}) =>
    t.http().post('/api/membership/applications').set(member.auth).send(applicationBody(overrides));

  async function approve(id: string): Promise<Body> {
    const res = await t
      .http()
      .post(`/api/moderation/applications/${id}/decision`)
      .set(moderator.auth)
      .send({ decision: 'approve' })
      .expect(200);
    return res.body as Body;
  }

  async function ownProfile(member: TestMember): Promise<Body> {
    const res = await t.http().get('/api/members/me').set(member.auth).expect(200);
    return res.body as Body;
  }

  it('approval grants a term of GOLDEN_CROWN_TERM_DAYS, on the own profile and for moderators', async () => {
    const member = await createMember(t);
    const { id } = await createApplication(t, member);
    await approve(id);
    const until = new Date(T0.getTime() + TERM).toISOString();
    expect(await ownProfile(member)).toMatchObject({
      tier: 'golden_crown',
      goldenCrownUntil: until,
    });
    const listed = await t
      .http()
      .get('/api/moderation/members')
      .query({ q: member.displayName })
      .set(moderator.auth)
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: member.id, goldenCrownUntil: until }),
    ]);
    // Another member's public profile does not show it.
    const other = await createMember(t);
    const seen = await t.http().get(`/api/members/${member.id}`).set(other.auth).expect(200);
    expect(seen.body).not.toHaveProperty('goldenCrownUntil');
  });

  describe('renewal', () => {
    it('opens exactly 60 days before the end: day 61 refused, day 60 allowed, kind renewal', async () => {
      const until = new Date(T0.getTime() + 100 * DAY);
      const member = await crowned(t, until);

      clock.at = new Date(until.getTime() - 61 * DAY);
      expect((await submit(member).expect(409)).body.code).toBe('ALREADY_MEMBER');
      clock.at = new Date(until.getTime() - 60 * DAY - 1);
      expect((await submit(member).expect(409)).body.code).toBe('ALREADY_MEMBER');
      expect(await countRows(t, 'membership_applications', 'applicant_id = $1', [member.id])).toBe(
        0,
      );

      clock.at = new Date(until.getTime() - 60 * DAY);
      const res = await submit(member).expect(201);
      expect(res.body).toMatchObject({ kind: 'renewal', status: 'pending' });
      // The same rules: one open application.
      expect((await submit(member).expect(409)).body.code).toBe('APPLICATION_ALREADY_OPEN');

      // Approved before the end: a term more from the old end.
      clock.at = new Date(until.getTime() - 30 * DAY);
      const approved = await approve(res.body.id as string);
      expect(approved).toMatchObject({ status: 'approved', kind: 'renewal' });
      expect(await ownProfile(member)).toMatchObject({
        tier: 'golden_crown',
        goldenCrownUntil: new Date(until.getTime() + TERM).toISOString(),
      });
    });

    it('is judged by the same rules (an ineligible renewal is refused)', async () => {
      const until = new Date(T0.getTime() + 10 * DAY);
      const member = await crowned(t, until);
      const res = await submit(member, { annualTurnoverCny: 1 }).expect(422);
      expect(res.body.code).toBe('APPLICATION_INELIGIBLE');
    });

    it('approved after a lapse starts a new term at the approval', async () => {
      const until = new Date(T0.getTime() + 20 * DAY);
      const member = await crowned(t, until);
      clock.at = new Date(until.getTime() - 10 * DAY);
      const renewal = (await submit(member).expect(201)).body as Body;
      await terms(t, until);
      expect((await memberRow(t, member)).tier).toBe('standard');

      clock.at = new Date(until.getTime() + 5 * DAY);
      await approve(renewal.id as string);
      expect(await ownProfile(member)).toMatchObject({
        tier: 'golden_crown',
        goldenCrownUntil: new Date(clock.at.getTime() + TERM).toISOString(),
      });
    });
  });

  describe('reminders', () => {
    it('sends the 30- and the 7-day reminder exactly once each, with their mail', async () => {
      const until = new Date(T0.getTime() + 40 * DAY);
      const member = await crowned(t, until);

      await terms(t, new Date(until.getTime() - 30 * DAY - 1));
      expect(await notificationsOf(t, member, 'golden_crown_expiring')).toEqual([]);

      for (const days of [30, 29.5, 29, 8]) {
        await terms(t, new Date(until.getTime() - days * DAY));
      }
      expect(await notificationsOf(t, member, 'golden_crown_expiring')).toEqual([
        { until: until.toISOString(), daysBefore: 30, actorId: null },
      ]);

      for (const days of [7, 6, 1, 0.001]) {
        await terms(t, new Date(until.getTime() - days * DAY));
      }
      expect(await notificationsOf(t, member, 'golden_crown_expiring')).toEqual([
        { until: until.toISOString(), daysBefore: 30, actorId: null },
        { until: until.toISOString(), daysBefore: 7, actorId: null },
      ]);
      expect(await mails(t, member, 'notification.golden_crown_expiring')).toBe(2);
      expect(await countRows(t, 'golden_crown_reminders', 'member_id = $1', [member.id])).toBe(2);
    });

    it('catching up after downtime inside the last 7 days sends one reminder, the 7-day one', async () => {
      const until = new Date(T0.getTime() + 40 * DAY);
      const member = await crowned(t, until);
      await terms(t, new Date(until.getTime() - 5 * DAY));
      await terms(t, new Date(until.getTime() - 4 * DAY));
      expect(await notificationsOf(t, member, 'golden_crown_expiring')).toEqual([
        { until: until.toISOString(), daysBefore: 7, actorId: null },
      ]);
    });

    it('reminds again for a renewed term', async () => {
      const until = new Date(T0.getTime() + 40 * DAY);
      const member = await crowned(t, until);
      await terms(t, new Date(until.getTime() - 30 * DAY));
      const renewedUntil = new Date(until.getTime() + TERM);
      await t.dataSource
        .getRepository(Member)
        .update({ id: member.id }, { goldenCrownUntil: renewedUntil });
      await terms(t, new Date(renewedUntil.getTime() - 30 * DAY));
      expect(
        (await notificationsOf(t, member, 'golden_crown_expiring')).map((data) => data.until),
      ).toEqual([until.toISOString(), renewedUntil.toISOString()]);
    });
  });

  describe('lapse', () => {
    it('returns the tier to standard at goldenCrownUntil: audited, notified, mailed, once', async () => {
      const until = new Date(T0.getTime() + 3 * DAY);
      const member = await crowned(t, until);

      await terms(t, new Date(until.getTime() - 1));
      expect((await memberRow(t, member)).tier).toBe('golden_crown');

      await terms(t, until);
      await terms(t, new Date(until.getTime() + 60_000));
      expect(await ownProfile(member)).toMatchObject({
        tier: 'standard',
        goldenCrownUntil: until.toISOString(),
      });
      expect(await lapseAudits(t, member)).toBe(1);
      const [audit] = await t.dataSource.query<Body[]>(
        `SELECT actor_id, target_type, detail FROM audit_log
          WHERE target_id = $1 AND action = 'member.golden_crown_lapsed'`,
        [member.id],
      );
      expect(audit).toEqual({
        actor_id: null,
        target_type: 'member',
        detail: { from: 'golden_crown', to: 'standard', goldenCrownUntil: until.toISOString() },
      });
      expect(await notificationsOf(t, member, 'golden_crown_lapsed')).toEqual([
        { until: until.toISOString(), actorId: null },
      ]);
      expect(await mails(t, member, 'notification.golden_crown_lapsed')).toBe(1);

      // Afterwards: a new application (not a renewal), whose approval starts a new term.
      clock.at = new Date(until.getTime() + DAY);
      const res = await submit(member).expect(201);
      expect(res.body.kind).toBe('application');
      await approve(res.body.id as string);
      expect(await ownProfile(member)).toMatchObject({
        tier: 'golden_crown',
        goldenCrownUntil: new Date(clock.at.getTime() + TERM).toISOString(),
      });
    });

    it('catches up after downtime: a term that ended long ago lapses at the next run', async () => {
      const until = new Date(T0.getTime() - 10 * DAY);
      const member = await crowned(t, until);
      await t.app.get(JobRunner).runDue(new Date(T0.getTime() + 7 * DAY));
      expect((await memberRow(t, member)).tier).toBe('standard');
      expect(await lapseAudits(t, member)).toBe(1);
    });

    it('takes the member’s sockets out of Golden Crown rooms before the run returns', async () => {
      const url = await listen(t);
      const { id: lounge } = await createRoom(t, { kind: 'golden_crown' });
      const { id: open } = await createRoom(t);
      const until = new Date(T0.getTime() + 2 * DAY);
      const member = await crowned(t, until);
      const peer = await crowned(t, new Date(T0.getTime() + TERM));
      const socket = await connect(url, member.accessToken);
      const peerSocket = await connect(url, peer.accessToken);
      try {
        await inLounge({ socket, peerSocket, lounge, open });
        await terms(t, until);
        await expectOutOfLounge({ socket, peerSocket, sender: peerSocket, lounge, open });
      } finally {
        socket.close();
        peerSocket.close();
      }
    });

    it('does not lapse a member whose revoked Golden Crown left no term', async () => {
      const member = await crowned(t, new Date(T0.getTime() + 2 * DAY));
      await t
        .http()
        .post(`/api/moderation/members/${member.id}/tier`)
        .set(moderator.auth)
        .send({ tier: 'standard', reason: 'Left the company' })
        .expect(200);
      expect((await ownProfile(member)).goldenCrownUntil).toBeNull();
      await terms(t, new Date(T0.getTime() + 3 * DAY));
      expect(await lapseAudits(t, member)).toBe(0);
      expect(await notificationsOf(t, member, 'golden_crown_lapsed')).toEqual([]);
    });
  });

  describe('export and erasure', () => {
    it('export the term and the reminders sent; erasure removes them', async () => {
      const until = new Date(T0.getTime() + 20 * DAY);
      const member = await crowned(t, until);
      await terms(t, new Date(until.getTime() - 10 * DAY));
      const exported = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
      expect(exported.body.profile).toMatchObject({ goldenCrownUntil: until.toISOString() });
      expect(exported.body.goldenCrownReminders).toEqual([
        { termUntil: until.toISOString(), daysBefore: 30, sentAt: expect.any(String) },
      ]);

      await t
        .http()
        .delete('/api/members/me')
        .set(member.auth)
        .send({ password: member.password })
        .expect(204);
      expect(await countRows(t, 'golden_crown_reminders', 'member_id = $1', [member.id])).toBe(0);
      expect((await memberRow(t, member)).goldenCrownUntil).toBeNull();
      // An erased member never lapses (nor is reminded).
      await terms(t, new Date(until.getTime() + DAY));
      expect(await lapseAudits(t, member)).toBe(0);
    });
  });
});

describe('Golden Crown terms of another length (GOLDEN_CROWN_TERM_DAYS=90)', () => {
  const TERM_DAYS = 90;
  let t: TestApp;
  let clock: TestClock;
  let moderator: TestMember;

  beforeAll(async () => {
    clock = new TestClock(T0);
    t = await createTestApp(
      { GOLDEN_CROWN_TERM_DAYS: String(TERM_DAYS), RATE_LIMIT_WRITE_PER_MINUTE: '10000' },
      { clock },
    );
    moderator = await createModerator(t);
  });
  afterAll(() => t?.close());

  const submit = (member: TestMember) =>
    t.http().post('/api/membership/applications').set(member.auth).send(applicationBody());
  const approve = (id: string) =>
    t
      .http()
      .post(`/api/moderation/applications/${id}/decision`)
      .set(moderator.auth)
      .send({ decision: 'approve' })
      .expect(200);
  const profile = async (member: TestMember): Promise<Body> =>
    (await t.http().get('/api/members/me').set(member.auth).expect(200)).body as Body;
  const reminders = async (member: TestMember) =>
    (await notificationsOf(t, member, 'golden_crown_expiring')).map((data) => data.daysBefore);

  it('grants 90 days; reminders 30 and 7 days and the renewal window 60 days before that end', async () => {
    const rules = await t.http().get('/api/membership/golden-crown/rules').expect(200);
    expect(rules.body.termDays).toBe(TERM_DAYS);

    const member = await createMember(t);
    const { id } = await createApplication(t, member);
    await approve(id);
    const until = new Date(T0.getTime() + TERM_DAYS * DAY);
    expect(await profile(member)).toMatchObject({
      tier: 'golden_crown',
      goldenCrownUntil: until.toISOString(),
    });

    // The renewal window opens 60 days before this end: 30 days after the approval.
    clock.at = new Date(until.getTime() - 60 * DAY - 1);
    expect((await submit(member).expect(409)).body.code).toBe('ALREADY_MEMBER');
    clock.at = new Date(until.getTime() - 60 * DAY);
    const renewal = await submit(member).expect(201);
    expect(renewal.body).toMatchObject({ kind: 'renewal', status: 'pending' });

    // Reminders 30 and 7 days before this end.
    await terms(t, new Date(until.getTime() - 30 * DAY - 1));
    expect(await reminders(member)).toEqual([]);
    await terms(t, new Date(until.getTime() - 30 * DAY));
    expect(await reminders(member)).toEqual([30]);
    await terms(t, new Date(until.getTime() - 7 * DAY - 1));
    expect(await reminders(member)).toEqual([30]);
    await terms(t, new Date(until.getTime() - 7 * DAY));
    expect(await reminders(member)).toEqual([30, 7]);
    expect(await mails(t, member, 'notification.golden_crown_expiring')).toBe(2);

    // The renewal approved before the end adds 90 days to the old end.
    clock.at = new Date(until.getTime() - DAY);
    await approve(renewal.body.id as string);
    const renewed = new Date(until.getTime() + TERM_DAYS * DAY);
    expect((await profile(member)).goldenCrownUntil).toBe(renewed.toISOString());

    // The old end passes; the new one lapses.
    await terms(t, new Date(renewed.getTime() - 1));
    expect((await memberRow(t, member)).tier).toBe('golden_crown');
    await terms(t, renewed);
    expect((await memberRow(t, member)).tier).toBe('standard');
    expect(await lapseAudits(t, member)).toBe(1);
  });
});

/**
 * Two server processes on one database, one Redis (their own key prefix) and one token
 * secret, each on its own test clock at T0: `env` is added to both.
 */
async function twoProcesses(env: Record<string, string>): Promise<[TestApp, TestApp]> {
  const shared = { ...env, REDIS_KEY_PREFIX: `laogao-test-${randomUUID().slice(0, 8)}:` };
  const one = await createTestApp(shared, { clock: new TestClock(T0) });
  const two = await createTestApp(
    {
      ...shared,
      DATABASE_URL: one.config.DATABASE_URL ?? '',
      JWT_SECRET: one.config.JWT_SECRET ?? '',
    },
    { clock: new TestClock(T0) },
  );
  return [one, two];
}

/** Several processes share a database only on PostgreSQL (the embedded one serves one). */
if (process.env.DATABASE_URL) {
  describe('Golden Crown terms with two server processes (PostgreSQL)', () => {
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      [one, two] = await twoProcesses({});
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
    });

    it('lapse a term exactly once: one lapse, one audit row, one notification', async () => {
      const until = new Date(T0.getTime() + 5 * DAY);
      const member = await crowned(one, until);
      const now = new Date(until.getTime() + 10_000);
      await Promise.all([
        one.app.get(JobRunner).runDue(now),
        two.app.get(JobRunner).runDue(now),
        terms(one, now),
        terms(two, now),
      ]);
      expect((await memberRow(one, member)).tier).toBe('standard');
      expect(await lapseAudits(one, member)).toBe(1);
      expect(await notificationsOf(one, member, 'golden_crown_lapsed')).toHaveLength(1);
      expect(await mails(one, member, 'notification.golden_crown_lapsed')).toBe(1);
    });

    it('send each reminder exactly once', async () => {
      const until = new Date(T0.getTime() + 40 * DAY);
      const member = await crowned(one, until);
      const now = new Date(until.getTime() - 30 * DAY);
      await Promise.all([terms(one, now), terms(two, now), terms(one, now), terms(two, now)]);
      expect(await notificationsOf(one, member, 'golden_crown_expiring')).toHaveLength(1);
      expect(await mails(one, member, 'notification.golden_crown_expiring')).toBe(1);
    });
  });
}

/*
 * The lapse run on one process, the member's socket on another: they need a PostgreSQL server
 * and a Redis that both share (CI's second run sets DATABASE_URL and REDIS_URL); the embedded
 * database serves one process, so the block is left out there.
 */
if (process.env.REDIS_URL && process.env.DATABASE_URL) {
  describe('Golden Crown lapse with the member’s socket on another process (Redis, PostgreSQL)', () => {
    let one: TestApp;
    let two: TestApp;
    let urlOne: string;
    let urlTwo: string;
    const clients: ChatClient[] = [];

    beforeAll(async () => {
      [one, two] = await twoProcesses({ CHAT_BURST: '1000' });
      urlOne = await listen(one);
      urlTwo = await listen(two);
    });
    afterAll(async () => {
      for (const client of clients) client.close();
      await two?.close();
      await one?.close();
    });

    async function socketOn(url: string, member: TestMember): Promise<ChatClient> {
      const socket = await connect(url, member.accessToken);
      clients.push(socket);
      return socket;
    }

    it('takes the member’s socket on process two out of the lounge; a Golden Crown member there still hears it', async () => {
      const { id: lounge } = await createRoom(one, { kind: 'golden_crown' });
      const { id: open } = await createRoom(one);
      const until = new Date(T0.getTime() + 2 * DAY);
      const member = await crowned(one, until);
      const [peer, sender] = [
        await crowned(one, new Date(T0.getTime() + TERM)),
        await crowned(one, new Date(T0.getTime() + TERM)),
      ];
      const socket = await socketOn(urlTwo, member);
      const peerSocket = await socketOn(urlTwo, peer);
      const senderSocket = await socketOn(urlOne, sender);
      expect(await senderSocket.emitWithAck('room:join', { roomId: lounge })).toMatchObject({
        ok: true,
      });
      await inLounge({ socket, peerSocket, lounge, open });

      // The run returns once Redis has taken member.changed, so process two has it before
      // the member's next send. Process one does not await process two's re-check of the
      // socket (one member read): it starts as the message arrives, ahead of the send, whose
      // own checks take longer (a Redis round trip, then the same member read).
      await terms(one, until);

      await expectOutOfLounge({ socket, peerSocket, sender: senderSocket, lounge, open });
      expect((await memberRow(two, member)).tier).toBe('standard');
    });
  });
}

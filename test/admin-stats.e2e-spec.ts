import { randomUUID } from 'node:crypto';
import type { Clock } from '../src/common/clock/clock';
import type { StatsDto } from '../src/modules/dashboard/dto/stats.dto';
import {
  applicationBody,
  countRows,
  createAdmin,
  createApplication,
  createComment,
  createMember,
  createModerator,
  createPost,
  createRoom,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const SEARCH_LIMIT = 8;

/** A bucket series as `{day: count}` for the buckets that are not 0. */
function nonZero(series: { start: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(
    series.filter((b) => b.count !== 0).map((b) => [b.start.slice(0, 10), b.count]),
  );
}

describe('GET /api/admin/stats (the moderators’ dashboard)', () => {
  // Wednesday 2031-03-12, 10:00 UTC: far from any other row the database holds.
  const clock = new TestClock(new Date('2031-03-12T10:00:00.000Z'));
  let t: TestApp;
  let moderator: TestMember;
  let admin: TestMember;
  let member: TestMember;

  beforeAll(async () => {
    t = await createTestApp(
      { RATE_LIMIT_SEARCH_PER_MINUTE: String(SEARCH_LIMIT), RATE_LIMIT_WRITE_PER_MINUTE: '1000' },
      { clock },
    );
    moderator = await createModerator(t);
    admin = await createAdmin(t);
    member = await createMember(t);
  });
  afterAll(() => t?.close());

  const stats = async (query: string, who: TestMember = moderator): Promise<StatsDto> => {
    const res = await t.http().get(`/api/admin/stats${query}`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body as StatsDto;
  };
  const at = (table: string, column: string, id: string, when: string) =>
    t.dataSource.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [id, when]);
  const precheck = (body: Record<string, unknown>) =>
    t.http().post('/api/membership/golden-crown/eligibility').send(body);

  it('answers 401 to visitors, 403 to members, and moderators and admins', async () => {
    const visitor = await t.http().get('/api/admin/stats');
    expect(visitor.status).toBe(401);
    const denied = await t.http().get('/api/admin/stats').set(member.auth);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    await stats('', admin);
  });

  it('defaults to the last 30 UTC days, today included, every bucket present', async () => {
    const body = await stats('');
    expect(body.from).toBe('2031-02-11');
    expect(body.to).toBe('2031-03-12');
    expect(body.bucket).toBe('day');
    for (const series of [
      body.members.newPerBucket,
      body.activity.postsPerBucket,
      body.activity.commentsPerBucket,
      body.activity.messagesPerBucket,
      body.activity.activeMembersPerBucket,
    ]) {
      expect(series).toHaveLength(30);
      expect(series[0]).toEqual({ start: '2031-02-11T00:00:00.000Z', count: 0 });
      expect(series[29].start).toBe('2031-03-12T00:00:00.000Z');
      expect(series.every((b) => b.count === 0)).toBe(true);
    }
  });

  describe('with data the test makes', () => {
    let before: StatsDto;
    let m1: TestMember;
    let m2: TestMember;
    let m3: TestMember;

    beforeAll(async () => {
      // A range of its own, so that the cached answer cannot be the one after the data.
      before = await stats('?from=2030-01-01&to=2030-01-02');
      m1 = await createMember(t, { operatorType: 'store_manager', tier: 'golden_crown' });
      m2 = await createMember(t, { operatorType: null });
      m3 = await createMember(t, { operatorType: 'product_manager' });
      // New members either side of midnight between 2 and 3 March.
      await at('members', 'created_at', m1.id, '2031-03-02T23:59:59.999Z');
      await at('members', 'created_at', m2.id, '2031-03-03T00:00:00.000Z');
      await at('members', 'created_at', m3.id, '2031-03-03T12:00:00.000Z');

      const p0 = await createPost(t, m3);
      const p1 = await createPost(t, m1);
      const p2 = await createPost(t, m2);
      await at('posts', 'created_at', p0.id, '2031-03-01T00:00:00.000Z');
      await at('posts', 'created_at', p1.id, '2031-03-02T23:59:59.999Z');
      await at('posts', 'created_at', p2.id, '2031-03-03T00:00:00.000Z');
      const c1 = await createComment(t, m3, p1.id);
      await at('post_comments', 'created_at', c1.id, '2031-03-03T05:00:00.000Z');

      const room = await createRoom(t);
      const messages: [TestMember, string][] = [
        [m1, '2031-03-05T10:00:00.000Z'],
        [m1, '2031-03-05T10:01:00.000Z'],
        [m1, '2031-03-05T10:02:00.000Z'],
        [m2, '2031-03-05T11:00:00.000Z'],
        [m2, '2031-03-11T00:00:00.000Z'], // after the day range, inside its week
      ];
      for (const [seq, [author, when]] of messages.entries()) {
        await t.dataSource.query(
          `INSERT INTO messages (room_id, seq, author_id, client_msg_id, body, created_at)
           VALUES ($1, $2, $3, $4, 'hello', $5)`,
          [room.id, seq + 1, author.id, randomUUID(), when],
        );
      }

      // Applications: approved after 12 h, rejected after 24 h, withdrawn, pending.
      const a4member = await createMember(t);
      const a3member = await createMember(t);
      const decide = async (
        applicant: TestMember,
        submittedAt: string,
        status: 'approved' | 'rejected' | 'withdrawn' | 'pending',
        decidedAt?: string,
      ) => {
        const application = await createApplication(t, applicant);
        await t.dataSource.query(
          `UPDATE membership_applications SET created_at = $2, status = $3 WHERE id = $1`,
          [application.id, submittedAt, status],
        );
        if (decidedAt) {
          await t.dataSource.query(
            `INSERT INTO membership_application_history (application_id, status, actor_id, at)
             VALUES ($1, $2, $3, $4)`,
            [application.id, status, moderator.id, decidedAt],
          );
        }
      };
      await decide(m2, '2031-03-04T00:00:00.000Z', 'approved', '2031-03-04T12:00:00.000Z');
      await decide(m3, '2031-03-06T00:00:00.000Z', 'rejected', '2031-03-07T00:00:00.000Z');
      await decide(a3member, '2031-03-08T00:00:00.000Z', 'withdrawn', '2031-03-08T01:00:00.000Z');
      await decide(a4member, '2031-03-09T00:00:00.000Z', 'pending');

      // Reports: resolved after 4 h; open; opened before the range, resolved in it (312 h).
      const report = (createdAt: string, resolvedAt: string | null) =>
        t.dataSource.query(
          `INSERT INTO reports (reporter_id, target_type, target_id, reason, status, resolved_at, created_at)
           VALUES ($1, 'post', $2, 'spam', $3, $4, $5)`,
          [member.id, randomUUID(), resolvedAt ? 'resolved' : 'open', resolvedAt, createdAt],
        );
      await report('2031-03-02T10:00:00.000Z', '2031-03-02T14:00:00.000Z');
      await report('2031-03-09T10:00:00.000Z', null);
      await report('2031-02-20T20:00:00.000Z', '2031-03-05T20:00:00.000Z');

      // Pre-checks on 10 March: two turnover refusals, one refusing two rules, one eligible.
      clock.at = new Date('2031-03-10T10:00:00.000Z');
      expect((await precheck(applicationBody({ annualTurnoverCny: 1000 }))).status).toBe(200);
      expect((await precheck(applicationBody({ annualTurnoverCny: 2000 }))).status).toBe(200);
      const two = await precheck(
        applicationBody({
          isDecisionMaker: false,
          organizationType: 'third_party_service_provider',
        }),
      );
      expect(two.status).toBe(200);
      expect(two.body.eligible).toBe(false);
      const ok = await precheck(applicationBody());
      expect(ok.body.eligible).toBe(true);
      clock.at = new Date('2031-03-12T10:00:00.000Z');
    });

    it('counts members now, by operator type (none: unspecified) and tier', async () => {
      const after = await stats('?from=2031-03-01&to=2031-03-10');
      expect(after.members.total - before.members.total).toBe(5);
      const delta = (key: keyof StatsDto['members']['byOperatorType']) =>
        after.members.byOperatorType[key] - before.members.byOperatorType[key];
      expect(delta('store_manager')).toBe(1);
      expect(delta('product_manager')).toBe(1);
      expect(delta('unspecified')).toBe(3);
      expect(delta('operations_assistant')).toBe(0);
      expect(delta('operations_director')).toBe(0);
      expect(after.members.byTier.golden_crown - before.members.byTier.golden_crown).toBe(1);
      expect(after.members.byTier.standard - before.members.byTier.standard).toBe(4);
      expect(after.members.total).toBe(await countRows(t, 'members', 'erased_at IS NULL'));
    });

    it('puts 23:59:59.999 and 00:00 in their own UTC days, empty days as 0', async () => {
      const body = await stats('?from=2031-03-01&to=2031-03-10&bucket=day');
      expect(body.members.newPerBucket).toHaveLength(10);
      expect(nonZero(body.members.newPerBucket)).toEqual({ '2031-03-02': 1, '2031-03-03': 2 });
      expect(body.members.newPerBucket[3]).toEqual({
        start: '2031-03-04T00:00:00.000Z',
        count: 0,
      });
      expect(nonZero(body.activity.postsPerBucket)).toEqual({
        '2031-03-01': 1,
        '2031-03-02': 1,
        '2031-03-03': 1,
      });
      expect(nonZero(body.activity.commentsPerBucket)).toEqual({ '2031-03-03': 1 });
      expect(nonZero(body.activity.messagesPerBucket)).toEqual({ '2031-03-05': 4 });
      // m3 (post), m1 (post), m2 (post) + m3 (comment), m1 + m2 (messages).
      expect(nonZero(body.activity.activeMembersPerBucket)).toEqual({
        '2031-03-01': 1,
        '2031-03-02': 1,
        '2031-03-03': 2,
        '2031-03-05': 2,
      });
    });

    it('counts the funnel by submission and decision time, and the median hours', async () => {
      const body = await stats('?from=2031-03-01&to=2031-03-10');
      expect(body.applications).toEqual({
        submitted: 4,
        approved: 1,
        rejected: 1,
        withdrawn: 1,
        pending: 1,
        refusedAtPreCheckByRule: {
          TURNOVER_BELOW_MINIMUM: 2,
          NOT_DECISION_MAKER: 1,
          THIRD_PARTY_SERVICE_PROVIDER: 1,
        },
        medianHoursToDecision: 18,
      });
      const early = await stats('?from=2031-03-01&to=2031-03-05');
      expect(early.applications).toMatchObject({
        submitted: 1,
        approved: 1,
        rejected: 0,
        withdrawn: 0,
        pending: 1,
        medianHoursToDecision: 12,
      });
      expect(early.applications.refusedAtPreCheckByRule.TURNOVER_BELOW_MINIMUM).toBe(0);
    });

    it('counts reports opened and resolved in the range, and the median hours to resolve', async () => {
      const body = await stats('?from=2031-03-01&to=2031-03-10');
      expect(body.moderation).toEqual({
        reportsOpened: 2,
        reportsResolved: 2,
        medianHoursToResolve: 158,
      });
      const none = await stats('?from=2031-03-06&to=2031-03-08');
      expect(none.moderation).toEqual({
        reportsOpened: 0,
        reportsResolved: 0,
        medianHoursToResolve: null,
      });
      expect(none.applications.medianHoursToDecision).toBe(24);
      const quiet = await stats('?from=2031-03-11&to=2031-03-11');
      expect(quiet.applications.medianHoursToDecision).toBeNull();
      expect(quiet.applications.submitted).toBe(0);
    });

    it('cuts ISO weeks from Monday, growing the range to whole weeks', async () => {
      // 1 March 2031 is a Saturday, 10 March a Monday.
      const body = await stats('?from=2031-03-01&to=2031-03-10&bucket=week');
      expect(body.from).toBe('2031-02-24');
      expect(body.to).toBe('2031-03-16');
      expect(body.activity.postsPerBucket).toEqual([
        { start: '2031-02-24T00:00:00.000Z', count: 2 },
        { start: '2031-03-03T00:00:00.000Z', count: 1 },
        { start: '2031-03-10T00:00:00.000Z', count: 0 },
      ]);
      expect(body.activity.messagesPerBucket.map((b) => b.count)).toEqual([0, 4, 1]);
      expect(body.activity.activeMembersPerBucket.map((b) => b.count)).toEqual([2, 3, 1]);
      expect(body.members.newPerBucket.map((b) => b.count)).toEqual([1, 2, 0]);
    });

    it('keeps only day, rule and count of a refused pre-check', async () => {
      const columns = await t.dataSource.query<{ column_name: string }[]>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_name = 'golden_crown_precheck_refusals' ORDER BY column_name`,
      );
      expect(columns.map((c) => c.column_name)).toEqual(['count', 'day', 'rule']);
      const rows = await t.dataSource.query<{ day: string; rule: string; count: number }[]>(
        `SELECT day::text AS day, rule, count FROM golden_crown_precheck_refusals ORDER BY rule`,
      );
      expect(rows).toEqual([
        { day: '2031-03-10', rule: 'NOT_DECISION_MAKER', count: 1 },
        { day: '2031-03-10', rule: 'THIRD_PARTY_SERVICE_PROVIDER', count: 1 },
        { day: '2031-03-10', rule: 'TURNOVER_BELOW_MINIMUM', count: 2 },
      ]);
    });
  });

  it.each([
    ['a day that does not exist', '?from=2031-02-30&to=2031-03-02'],
    ['a date in another format', '?from=2031-3-1'],
    ['a date-time', '?to=2031-03-01T00:00:00Z'],
    ['not a date', '?from=yesterday'],
    ['a NUL byte', '?from=2031-03-01%00'],
    ['a huge year', '?from=99999-01-01'],
    ['a list', '?from=2031-03-01&from=2031-03-02'],
    ['from after to', '?from=2031-03-10&to=2031-03-01'],
    ['more than 366 days of days', '?from=2030-01-01&to=2031-01-02'],
    ['more than three years of weeks', '?from=2020-01-01&to=2031-01-01&bucket=week'],
    ['an unknown bucket', '?bucket=month'],
    ['an empty bucket', '?bucket='],
  ])('answers 400 VALIDATION_FAILED for %s', async (_name, query) => {
    const res = await t.http().get(`/api/admin/stats${query}`).set(moderator.auth);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('allows a year of days and three years of weeks', async () => {
    expect((await stats('?from=2030-03-12&to=2031-03-12')).activity.postsPerBucket).toHaveLength(
      366,
    );
    const weeks = await stats('?from=2028-03-13&to=2031-03-12&bucket=week');
    expect(weeks.activity.postsPerBucket.length).toBeLessThanOrEqual(157);
  });

  it('answers the same figures for 10 seconds by the clock, then counts again', async () => {
    // A range no other test asks for, and a post written into it after the first answer.
    const query = '?from=2031-03-12&to=2031-03-12';
    const start = clock.at;
    try {
      const first = await stats(query);
      expect(first.computedAt).toBe(start.toISOString());
      const posts = first.activity.postsPerBucket[0].count;
      const post = await createPost(t, member);
      await at('posts', 'created_at', post.id, '2031-03-12T09:00:00.000Z');

      clock.at = new Date(start.getTime() + 5_000);
      const again = await stats(query);
      clock.at = new Date(start.getTime() + 9_999);
      const last = await stats(query);
      for (const cached of [again, last]) {
        expect(cached.computedAt).toBe(first.computedAt);
        expect(cached.activity.postsPerBucket).toEqual(first.activity.postsPerBucket);
      }

      clock.at = new Date(start.getTime() + 10_001);
      const fresh = await stats(query);
      expect(fresh.computedAt).toBe(clock.at.toISOString());
      expect(fresh.activity.postsPerBucket).toEqual([
        { start: '2031-03-12T00:00:00.000Z', count: posts + 1 },
      ]);
    } finally {
      clock.at = start;
    }
  });

  it('rate-limits the pre-check per IP like a search, and counts only answered refusals', async () => {
    const counted = () =>
      t.dataSource
        .query<{ n: number }[]>(
          `SELECT coalesce(sum(count), 0)::int AS n FROM golden_crown_precheck_refusals
            WHERE rule = 'NOT_DECISION_MAKER'`,
        )
        .then(([row]) => Number(row.n));
    const start = await counted();
    const statuses: number[] = [];
    for (let i = 0; i < SEARCH_LIMIT + 2; i++) {
      statuses.push((await precheck(applicationBody({ isDecisionMaker: false }))).status);
    }
    expect(statuses).toContain(429);
    const answered = statuses.filter((status) => status === 200).length;
    expect(answered).toBeLessThanOrEqual(SEARCH_LIMIT);
    expect(await counted()).toBe(start + answered);
  });
});

import { randomUUID } from 'node:crypto';
import { Member } from '../src/modules/members/member.entity';
import {
  countRows,
  createApplication,
  createMember,
  createModerator,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Committee review (SPEC "Golden Crown Club, stage two"): `GOLDEN_CROWN_APPROVALS_REQUIRED`
 * distinct approving moderators approve; one reasoned reject rejects; `ALREADY_VOTED`;
 * `APPLICATION_ALREADY_DECIDED` first; recusal (`RECUSAL_REQUIRED`).
 */

type Body = Record<string, unknown>;

function decide(t: TestApp, by: TestMember, id: string, body: Body) {
  return t.http().post(`/api/moderation/applications/${id}/decision`).set(by.auth).send(body);
}

async function tierOf(t: TestApp, member: TestMember): Promise<string> {
  const row = await t.dataSource.getRepository(Member).findOneByOrFail({ id: member.id });
  return row.tier;
}

async function auditActions(t: TestApp, id: string): Promise<string[]> {
  const rows = await t.dataSource.query<{ action: string }[]>(
    `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at, id`,
    [id],
  );
  return rows.map((row) => row.action).sort();
}

async function decisionNotifications(t: TestApp, member: TestMember): Promise<number> {
  return countRows(t, 'notifications', `member_id = $1 AND type = 'application_decided'`, [
    member.id,
  ]);
}

async function setCompany(t: TestApp, member: TestMember, company: string): Promise<void> {
  await t.dataSource.getRepository(Member).update({ id: member.id }, { company });
}

describe('Committee review, one approval required (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  it('reports approvalsRequired, termDays and evidenceRetentionDays on the rules endpoint', async () => {
    const res = await t.http().get('/api/membership/golden-crown/rules').expect(200);
    expect(res.body).toMatchObject({
      approvalsRequired: 1,
      termDays: 365,
      evidenceRetentionDays: 90,
    });
  });

  it('approves on one approval; the history stays [pending, approved] without vote rows', async () => {
    const applicant = await createMember(t);
    const moderator = await createModerator(t);
    const { id } = await createApplication(t, applicant);
    const res = await decide(t, moderator, id, { decision: 'approve' }).expect(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      decidedBy: moderator.id,
      approvalsRequired: 1,
      approvals: [{ by: moderator.id, at: expect.any(String) }],
    });
    expect(res.body.history).toEqual([
      { status: 'pending', at: expect.any(String), by: applicant.id },
      { status: 'approved', at: res.body.decidedAt, by: moderator.id },
    ]);
    expect(await auditActions(t, id)).toEqual(['membership_application.approved']);
    expect(await tierOf(t, applicant)).toBe('golden_crown');
  });

  it('answers APPLICATION_ALREADY_DECIDED to the moderator who decided it, not ALREADY_VOTED', async () => {
    const applicant = await createMember(t);
    const moderator = await createModerator(t);
    const { id } = await createApplication(t, applicant);
    await decide(t, moderator, id, { decision: 'approve' }).expect(200);
    const again = await decide(t, moderator, id, { decision: 'approve' }).expect(409);
    expect(again.body.code).toBe('APPLICATION_ALREADY_DECIDED');
  });
});

describe('Committee review, two approvals required', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      GOLDEN_CROWN_APPROVALS_REQUIRED: '2',
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
    });
  });
  afterAll(() => t.close());

  it('reports approvalsRequired 2', async () => {
    const res = await t.http().get('/api/membership/golden-crown/rules').expect(200);
    expect(res.body.approvalsRequired).toBe(2);
  });

  it('counts a first approval as a vote, approves on the second distinct one', async () => {
    const applicant = await createMember(t);
    const [first, second, late] = await Promise.all([
      createModerator(t),
      createModerator(t),
      createModerator(t),
    ]);
    const { id } = await createApplication(t, applicant);

    const voted = await decide(t, first, id, { decision: 'approve' }).expect(200);
    expect(voted.body).toMatchObject({
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      approvalsRequired: 2,
      approvals: [{ by: first.id, at: expect.any(String) }],
    });
    expect(voted.body.history).toEqual([
      { status: 'pending', at: expect.any(String), by: applicant.id },
      { status: 'pending', vote: 'approve', at: expect.any(String), by: first.id },
    ]);
    expect(await tierOf(t, applicant)).toBe('standard');
    expect(await decisionNotifications(t, applicant)).toBe(0);

    // The same moderator again: ALREADY_VOTED, for an approval and for a rejection.
    const twice = await decide(t, first, id, { decision: 'approve' }).expect(409);
    expect(twice.body.code).toBe('ALREADY_VOTED');
    const turned = await decide(t, first, id, { decision: 'reject', reason: 'On reflection' });
    expect([turned.status, turned.body.code]).toEqual([409, 'ALREADY_VOTED']);

    const approved = await decide(t, second, id, { decision: 'approve' }).expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: second.id,
      approvals: [
        { by: first.id, at: expect.any(String) },
        { by: second.id, at: expect.any(String) },
      ],
    });
    expect(approved.body.history).toEqual([
      { status: 'pending', at: expect.any(String), by: applicant.id },
      { status: 'pending', vote: 'approve', at: expect.any(String), by: first.id },
      { status: 'pending', vote: 'approve', at: expect.any(String), by: second.id },
      { status: 'approved', at: approved.body.decidedAt, by: second.id },
    ]);
    expect(await tierOf(t, applicant)).toBe('golden_crown');
    expect(await decisionNotifications(t, applicant)).toBe(1);
    expect(await auditActions(t, id)).toEqual([
      'membership_application.approved',
      'membership_application.voted',
      'membership_application.voted',
    ]);

    // Decided: APPLICATION_ALREADY_DECIDED comes before ALREADY_VOTED.
    for (const by of [late, first, second]) {
      const res = await decide(t, by, id, { decision: 'approve' }).expect(409);
      expect(res.body.code).toBe('APPLICATION_ALREADY_DECIDED');
    }
  });

  it("names each vote's voter in the review and the queue (erased: deleted member)", async () => {
    const applicant = await createMember(t);
    const [first, second, reader] = await Promise.all([
      createModerator(t),
      createModerator(t),
      createModerator(t),
    ]);
    const { id } = await createApplication(t, applicant);
    await decide(t, first, id, { decision: 'approve' }).expect(200);
    const name = (member: TestMember) => ({
      id: member.id,
      displayName: member.displayName,
      erased: false,
    });

    const review = await t.http().get(`/api/moderation/applications/${id}`).set(reader.auth);
    expect(review.status).toBe(200);
    expect(review.body.approvals).toEqual([
      { by: first.id, at: expect.any(String), voter: name(first) },
    ]);
    const queued = async () => {
      for (let cursor: string | null = null; ;) {
        const res = await t
          .http()
          .get('/api/moderation/applications')
          .query({ limit: 100, ...(cursor ? { cursor } : {}) })
          .set(reader.auth)
          .expect(200);
        const page = res.body as { items: { id: string }[]; nextCursor: string | null };
        const found = page.items.find((item) => item.id === id);
        if (found || !page.nextCursor) return found;
        cursor = page.nextCursor;
      }
    };
    expect(await queued()).toMatchObject({
      approvals: [{ by: first.id, at: expect.any(String), voter: name(first) }],
      applicant: name(applicant),
    });

    // A voter who erased their account reads as a deleted member; the next vote decides.
    await t.dataSource.getRepository(Member).update({ id: first.id }, { erasedAt: new Date() });
    await decide(t, second, id, { decision: 'approve' }).expect(200);
    const after = await t.http().get(`/api/moderation/applications/${id}`).set(reader.auth);
    expect(after.body.approvals).toEqual([
      {
        by: first.id,
        at: expect.any(String),
        voter: { id: first.id, displayName: 'deleted member', erased: true },
      },
      { by: second.id, at: expect.any(String), voter: name(second) },
    ]);
    // The applicant sees the count, never the committee's names.
    const own = await t.http().get(`/api/membership/applications/${id}`).set(applicant.auth);
    expect(own.status).toBe(200);
    expect(own.body.approvals).toHaveLength(2);
    for (const approval of own.body.approvals) expect(approval).not.toHaveProperty('voter');
  });

  it('rejects on one reasoned rejection after one approval', async () => {
    const applicant = await createMember(t);
    const [first, second] = await Promise.all([createModerator(t), createModerator(t)]);
    const { id } = await createApplication(t, applicant);
    await decide(t, first, id, { decision: 'approve' }).expect(200);
    const res = await decide(t, second, id, {
      decision: 'reject',
      reason: 'Turnover not evidenced',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      decidedBy: second.id,
      decisionReason: 'Turnover not evidenced',
      approvals: [{ by: first.id, at: expect.any(String) }],
    });
    expect(res.body.history.map((entry: Body) => [entry.status, entry.vote ?? null])).toEqual([
      ['pending', null],
      ['pending', 'approve'],
      ['rejected', null],
    ]);
    expect(await tierOf(t, applicant)).toBe('standard');
    expect(await auditActions(t, id)).toEqual([
      'membership_application.rejected',
      'membership_application.voted',
    ]);
    const late = await decide(t, first, id, { decision: 'approve' }).expect(409);
    expect(late.body.code).toBe('APPLICATION_ALREADY_DECIDED');
  });

  it('still needs a reason to reject', async () => {
    const applicant = await createMember(t);
    const moderator = await createModerator(t);
    const { id } = await createApplication(t, applicant);
    const res = await decide(t, moderator, id, { decision: 'reject' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await countRows(t, 'membership_application_votes', 'application_id = $1', [id])).toBe(0);
  });

  describe('recusal', () => {
    it('refuses a vote on one’s own application, either way, and stores nothing', async () => {
      const applicant = await createModerator(t);
      const { id } = await createApplication(t, applicant);
      for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'No' }]) {
        const res = await decide(t, applicant, id, body).expect(403);
        expect(res.body.code).toBe('RECUSAL_REQUIRED');
      }
      expect(await countRows(t, 'membership_application_votes', 'application_id = $1', [id])).toBe(
        0,
      );
      expect(
        await countRows(t, 'membership_application_history', 'application_id = $1', [id]),
      ).toBe(1);
    });

    it('refuses a vote on an application from one’s own company (trimmed, any case), either way', async () => {
      const applicant = await createMember(t);
      const colleague = await createModerator(t);
      const outsider = await createModerator(t);
      await setCompany(t, colleague, '  Acme Trading Co. ');
      await setCompany(t, outsider, 'Acme Trading');
      const { id } = await createApplication(t, applicant, { companyName: 'ACME trading co.' });
      for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'No' }]) {
        const res = await decide(t, colleague, id, body).expect(403);
        expect(res.body.code).toBe('RECUSAL_REQUIRED');
      }
      expect(await countRows(t, 'membership_application_votes', 'application_id = $1', [id])).toBe(
        0,
      );
      // Another company (even a similar name) votes.
      const res = await decide(t, outsider, id, { decision: 'approve' }).expect(200);
      expect(res.body.approvals).toEqual([{ by: outsider.id, at: expect.any(String) }]);
    });

    it('lets a moderator without a company vote', async () => {
      const applicant = await createMember(t);
      const moderator = await createModerator(t);
      await setCompany(t, moderator, '');
      const { id } = await createApplication(t, applicant, { companyName: 'Some Co' });
      await decide(t, moderator, id, { decision: 'approve' }).expect(200);
    });
  });
});

describe('Committee review, three approvals required', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      GOLDEN_CROWN_APPROVALS_REQUIRED: '3',
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
    });
  });
  afterAll(() => t.close());

  it('stays pending after two approvals and approves on the third', async () => {
    const applicant = await createMember(t);
    const moderators = await Promise.all([1, 2, 3].map(() => createModerator(t)));
    const { id } = await createApplication(t, applicant);
    for (const [index, moderator] of moderators.entries()) {
      const res = await decide(t, moderator, id, { decision: 'approve' }).expect(200);
      expect(res.body.approvals).toHaveLength(index + 1);
      expect(res.body.approvalsRequired).toBe(3);
      expect(res.body.status).toBe(index < 2 ? 'pending' : 'approved');
      expect(await tierOf(t, applicant)).toBe(index < 2 ? 'standard' : 'golden_crown');
    }
    expect(await decisionNotifications(t, applicant)).toBe(1);
  });
});

/** Races between processes need a database server: PostgreSQL only. */
if (process.env.DATABASE_URL) {
  describe('Committee review races (PostgreSQL)', () => {
    let t: TestApp;
    let other: TestApp;
    beforeAll(async () => {
      const env = {
        GOLDEN_CROWN_APPROVALS_REQUIRED: '2',
        RATE_LIMIT_WRITE_PER_MINUTE: '1000',
        REDIS_KEY_PREFIX: `laogao-test-${randomUUID().slice(0, 8)}:`,
      };
      t = await createTestApp(env);
      // The same database and token secret as the first process.
      other = await createTestApp({
        ...env,
        DATABASE_URL: t.config.DATABASE_URL ?? '',
        JWT_SECRET: t.config.JWT_SECRET ?? '',
      });
    });
    afterAll(async () => {
      await other?.close();
      await t?.close();
    });

    it('of twenty moderators voting at once on two processes, two votes decide: one approval, one tier change', async () => {
      const applicant = await createMember(t);
      const moderators = await Promise.all(Array.from({ length: 20 }, () => createModerator(t)));
      const { id } = await createApplication(t, applicant);
      const answers = await Promise.all(
        moderators.map((by, i) => decide(i % 2 ? other : t, by, id, { decision: 'approve' })),
      );
      const ok = answers.filter((res) => res.status === 200);
      expect(ok.map((res) => res.body.status as string).sort()).toEqual(['approved', 'pending']);
      expect(
        answers
          .filter((res) => res.status !== 200)
          .map((res) => [res.status, res.body.code as string]),
      ).toEqual(Array.from({ length: 18 }, () => [409, 'APPLICATION_ALREADY_DECIDED']));
      expect(await countRows(t, 'membership_application_votes', 'application_id = $1', [id])).toBe(
        2,
      );
      expect(
        await countRows(
          t,
          'membership_application_history',
          `application_id = $1 AND status = 'approved'`,
          [id],
        ),
      ).toBe(1);
      expect(await auditActions(t, id)).toEqual([
        'membership_application.approved',
        'membership_application.voted',
        'membership_application.voted',
      ]);
      expect(await decisionNotifications(t, applicant)).toBe(1);
      expect(await tierOf(t, applicant)).toBe('golden_crown');
    });

    it('of one moderator voting twice at once, one vote counts; the other is ALREADY_VOTED', async () => {
      const applicant = await createMember(t);
      const moderator = await createModerator(t);
      const { id } = await createApplication(t, applicant);
      const answers = await Promise.all(
        [t, other, t, other].map((app) => decide(app, moderator, id, { decision: 'approve' })),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
      expect(
        answers.filter((res) => res.status === 409).map((res) => res.body.code as string),
      ).toEqual(['ALREADY_VOTED', 'ALREADY_VOTED', 'ALREADY_VOTED']);
      expect(await countRows(t, 'membership_application_votes', 'application_id = $1', [id])).toBe(
        1,
      );
    });

    it('of an approval and a rejection racing on the last vote, exactly one decides', async () => {
      const applicant = await createMember(t);
      const [first, approver, rejecter] = await Promise.all([
        createModerator(t),
        createModerator(t),
        createModerator(t),
      ]);
      const { id } = await createApplication(t, applicant);
      await decide(t, first, id, { decision: 'approve' }).expect(200);
      const answers = await Promise.all([
        decide(t, approver, id, { decision: 'approve' }),
        decide(other, rejecter, id, { decision: 'reject', reason: 'Not convinced' }),
      ]);
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
      const winner = answers.find((res) => res.status === 200);
      expect(
        await countRows(
          t,
          'membership_application_history',
          `application_id = $1 AND status IN ('approved', 'rejected')`,
          [id],
        ),
      ).toBe(1);
      expect(await tierOf(t, applicant)).toBe(
        winner?.body.status === 'approved' ? 'golden_crown' : 'standard',
      );
    });
  });
}

import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DomainEvents } from '../src/common/events/domain-events';
import {
  applicationBody,
  countRows,
  createAdmin,
  createApplication,
  createGoldenCrownMember,
  createMember,
  createModerator,
  type ApplicationOverrides,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the tests read of an application in an answer. */
interface Item {
  id: string;
  status: string;
  history: { status: string }[];
}

describe('Reviewing Golden Crown applications', () => {
  let t: TestApp;
  let moderator: TestMember;
  const events: { name: string; payload: unknown }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
    moderator = await createModerator(t);
    const emitter = t.app.get(EventEmitter2);
    for (const name of ['application.decided', 'member.tier_revoked'] as const) {
      emitter.on(name, (payload: DomainEvents[typeof name]) => events.push({ name, payload }));
    }
  });
  afterAll(() => t.close());

  /** A new member's pending application. */
  async function apply(overrides: ApplicationOverrides = {}) {
    const applicant = await createMember(t);
    const { id } = await createApplication(t, applicant, overrides);
    return { applicant, id };
  }
  const decide = (by: TestMember, id: string, body: Record<string, unknown>) =>
    t.http().post(`/api/moderation/applications/${id}/decision`).set(by.auth).send(body);
  const tierOf = async (member: TestMember) =>
    (await t.http().get('/api/members/me').set(member.auth).expect(200)).body.tier as string;
  const auditRows = (targetId: string) => countRows(t, 'audit_log', 'target_id = $1', [targetId]);

  describe('who may review', () => {
    it('refuses members who are not moderators (golden crown or not) on every route with 403', async () => {
      const { id, applicant } = await apply();
      for (const member of [await createMember(t), await createGoldenCrownMember(t), applicant]) {
        const answers = await Promise.all([
          t.http().get('/api/moderation/applications').set(member.auth),
          t.http().get('/api/moderation/applications?status=approved').set(member.auth),
          t.http().get(`/api/moderation/applications/${id}`).set(member.auth),
          decide(member, id, { decision: 'approve' }),
          decide(member, id, { decision: 'reject', reason: 'no' }),
          t
            .http()
            .post(`/api/moderation/members/${member.id}/tier`)
            .set(member.auth)
            .send({ tier: 'standard', reason: 'no' }),
        ]);
        for (const res of answers) {
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('FORBIDDEN');
        }
      }
      expect(await tierOf(applicant)).toBe('standard');
      expect(await auditRows(id)).toBe(0);
      await t.http().get('/api/moderation/applications').expect(401);
    });

    it('lets an admin do what a moderator does', async () => {
      const admin = await createAdmin(t);
      const { id } = await apply();
      await t.http().get(`/api/moderation/applications/${id}`).set(admin.auth).expect(200);
      expect((await decide(admin, id, { decision: 'approve' })).status).toBe(200);
    });
  });

  describe('GET /api/moderation/applications', () => {
    it('lists pending applications by default, oldest first, in pages that never repeat or skip', async () => {
      const reviewer = await createModerator(t);
      const before = await t
        .http()
        .get('/api/moderation/applications?limit=100')
        .set(reviewer.auth);
      const seen = new Set((before.body.items as Item[]).map((item) => item.id));
      const mine = [];
      for (let i = 0; i < 5; i += 1) mine.push((await apply()).id);
      const decided = await apply();
      await decide(reviewer, decided.id, { decision: 'reject', reason: 'Turnover not evidenced' });

      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const res = await t
          .http()
          .get(`/api/moderation/applications${query}`)
          .set(reviewer.auth)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        for (const item of res.body.items) expect(item.status).toBe('pending');
        ids.push(...(res.body.items as Item[]).map((item) => item.id));
        cursor = res.body.nextCursor;
      } while (cursor);

      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => !seen.has(id))).toEqual(mine);
      expect(ids).not.toContain(decided.id);
    });

    it('filters by status, and gives each item its history', async () => {
      const { id } = await apply();
      await decide(moderator, id, {
        decision: 'reject',
        reason: 'Not a decision maker in fact',
      }).expect(200);
      const res = await t
        .http()
        .get('/api/moderation/applications?status=rejected&limit=100')
        .set(moderator.auth)
        .expect(200);
      const item = (res.body.items as Item[]).find((entry) => entry.id === id);
      expect(item?.status).toBe('rejected');
      expect(item?.history.map((entry) => entry.status)).toEqual(['pending', 'rejected']);
      for (const entry of res.body.items) expect(entry.status).toBe('rejected');
    });

    it.each(['?status=open', '?limit=0', '?limit=101', '?cursor=not-a-cursor'])(
      'refuses %s with 400 VALIDATION_FAILED',
      async (query) => {
        const res = await t.http().get(`/api/moderation/applications${query}`).set(moderator.auth);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );
  });

  describe('GET /api/moderation/applications/:id', () => {
    it("shows the application with the applicant's public profile and earlier applications", async () => {
      const { applicant, id: first } = await apply({ companyName: 'First Ltd' });
      await t
        .http()
        .post(`/api/membership/applications/${first}/withdraw`)
        .set(applicant.auth)
        .expect(200);
      const second = await createApplication(t, applicant, { companyName: 'Second Ltd' });

      const res = await t
        .http()
        .get(`/api/moderation/applications/${second.id}`)
        .set(moderator.auth)
        .expect(200);
      expect(res.body).toMatchObject({
        id: second.id,
        companyName: 'Second Ltd',
        annualTurnoverCny: 85_000_000,
        applicant: { id: applicant.id, displayName: applicant.displayName, tier: 'standard' },
      });
      expect(res.body.applicant).not.toHaveProperty('email');
      expect(
        (res.body.earlierApplications as Item[]).map((item) => [item.id, item.status]),
      ).toEqual([[first, 'withdrawn']]);
      await t
        .http()
        .get('/api/moderation/applications/00000000-0000-4000-8000-000000000000')
        .set(moderator.auth)
        .expect(404);
    });
  });

  describe('POST /api/moderation/applications/:id/decision', () => {
    it('approves: status, history, tier, audit row and event, all at once', async () => {
      const { applicant, id } = await apply();
      const res = await decide(moderator, id, { decision: 'approve' }).expect(200);
      expect(res.body).toMatchObject({
        id,
        status: 'approved',
        decidedBy: moderator.id,
        decidedAt: expect.any(String),
        decisionReason: null,
      });
      expect(res.body.history).toEqual([
        { status: 'pending', at: expect.any(String), by: applicant.id },
        { status: 'approved', at: res.body.decidedAt, by: moderator.id },
      ]);
      expect(await tierOf(applicant)).toBe('golden_crown');
      const audit = await t.dataSource.query<Record<string, unknown>[]>(
        'SELECT actor_id, action, target_type, detail FROM audit_log WHERE target_id = $1',
        [id],
      );
      expect(audit).toEqual([
        {
          actor_id: moderator.id,
          action: 'membership_application.approved',
          target_type: 'membership_application',
          detail: {
            applicantId: applicant.id,
            reason: null,
            kind: 'application',
            goldenCrownUntil: expect.any(String),
          },
        },
      ]);
      expect(JSON.stringify(audit)).not.toContain('120000000');
      expect(events).toContainEqual({
        name: 'application.decided',
        payload: {
          applicationId: id,
          applicantId: applicant.id,
          decision: 'approved',
          reason: null,
          decidedBy: moderator.id,
        },
      });

      // The applicant's notification is stored before the decision's answer returned.
      const notes = await t.http().get('/api/notifications').set(applicant.auth).expect(200);
      expect(notes.body.items).toEqual([
        expect.objectContaining({
          type: 'application_decided',
          data: {
            applicationId: id,
            decision: 'approved',
            reason: null,
            actorId: moderator.id,
            actorName: moderator.displayName,
          },
        }),
      ]);

      const again = await t
        .http()
        .post('/api/membership/applications')
        .set(applicant.auth)
        .send(applicationBody());
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ALREADY_MEMBER');
    });

    it('rejects with a reason; the tier stays; re-applying waits 30 days from the decision', async () => {
      const { applicant, id } = await apply();
      const res = await decide(moderator, id, {
        decision: 'reject',
        reason: '  Turnover not evidenced  ',
      }).expect(200);
      expect(res.body).toMatchObject({
        status: 'rejected',
        decisionReason: 'Turnover not evidenced',
      });
      expect(await tierOf(applicant)).toBe('standard');
      expect(events).toContainEqual({
        name: 'application.decided',
        payload: {
          applicationId: id,
          applicantId: applicant.id,
          decision: 'rejected',
          reason: 'Turnover not evidenced',
          decidedBy: moderator.id,
        },
      });

      const notes = await t.http().get('/api/notifications').set(applicant.auth).expect(200);
      expect(notes.body.items).toEqual([
        expect.objectContaining({
          type: 'application_decided',
          data: {
            applicationId: id,
            decision: 'rejected',
            reason: 'Turnover not evidenced',
            actorId: moderator.id,
            actorName: moderator.displayName,
          },
        }),
      ]);

      const reapply = () =>
        t.http().post('/api/membership/applications').set(applicant.auth).send(applicationBody());
      const early = await reapply();
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('REAPPLY_TOO_SOON');
      const reapplyAt = new Date(
        new Date(res.body.decidedAt).getTime() + 30 * DAY_MS,
      ).toISOString();
      expect(early.body.details).toEqual([{ reapplyAt }]);
      // The applicant's own list says the same date before they try.
      const mine = () =>
        t.http().get('/api/membership/applications/mine').set(applicant.auth).expect(200);
      expect((await mine()).body.reapplyAt).toBe(reapplyAt);
      expect(
        await countRows(t, 'membership_applications', 'applicant_id = $1', [applicant.id]),
      ).toBe(1);
      expect(await countRows(t, 'consents', 'member_id = $1', [applicant.id])).toBe(1);

      // 29 days later: still too soon; 30 days later: open again.
      await t.dataSource.query(
        `UPDATE membership_applications SET decided_at = now() - interval '29 days' WHERE id = $1`,
        [id],
      );
      expect((await reapply()).body.code).toBe('REAPPLY_TOO_SOON');
      const moved = await t.dataSource.query<{ decided_at: Date }[]>(
        `SELECT decided_at FROM membership_applications WHERE id = $1`,
        [id],
      );
      expect((await mine()).body.reapplyAt).toBe(
        new Date(moved[0].decided_at.getTime() + 30 * DAY_MS).toISOString(),
      );
      await t.dataSource.query(
        `UPDATE membership_applications SET decided_at = now() - interval '30 days 1 second' WHERE id = $1`,
        [id],
      );
      expect((await mine()).body.reapplyAt).toBeNull();
      expect((await reapply()).status).toBe(201);
      expect((await mine()).body.reapplyAt).toBeNull();
    });

    it.each<[string, Record<string, unknown>]>([
      ['no reason', { decision: 'reject' }],
      ['an empty reason', { decision: 'reject', reason: '' }],
      ['a blank reason', { decision: 'reject', reason: '   ' }],
      ['a reason over 1,000 characters', { decision: 'reject', reason: 'x'.repeat(1001) }],
      ['a reason that is not text', { decision: 'reject', reason: 42 }],
      ['an unknown decision', { decision: 'defer' }],
      ['no decision', {}],
    ])('refuses %s with 400 VALIDATION_FAILED and changes nothing', async (_what, body) => {
      const { id } = await apply();
      const res = await decide(moderator, id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const check = await t.http().get(`/api/membership/applications/${id}`).set(moderator.auth);
      expect(check.body.status).toBe('pending');
      expect(await auditRows(id)).toBe(0);
    });

    it('accepts a reason of exactly 1,000 characters', async () => {
      const { id } = await apply();
      const res = await decide(moderator, id, {
        decision: 'reject',
        reason: 'x'.repeat(1000),
      }).expect(200);
      expect(res.body.decisionReason).toHaveLength(1000);
    });

    it('answers 409 APPLICATION_ALREADY_DECIDED for a decided or withdrawn application', async () => {
      const { id } = await apply();
      await decide(moderator, id, { decision: 'reject', reason: 'No' }).expect(200);
      for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: 'Again' }]) {
        const res = await decide(moderator, id, body).expect(409);
        expect(res.body.code).toBe('APPLICATION_ALREADY_DECIDED');
      }
      expect(await auditRows(id)).toBe(1);

      const withdrawn = await apply();
      await t
        .http()
        .post(`/api/membership/applications/${withdrawn.id}/withdraw`)
        .set(withdrawn.applicant.auth)
        .expect(200);
      const res = await decide(moderator, withdrawn.id, { decision: 'approve' }).expect(409);
      expect(res.body.code).toBe('APPLICATION_ALREADY_DECIDED');
      expect(await tierOf(withdrawn.applicant)).toBe('standard');
      expect(await auditRows(withdrawn.id)).toBe(0);
    });

    it('lets the applicant withdraw no more once decided', async () => {
      const { applicant, id } = await apply();
      await decide(moderator, id, { decision: 'approve' }).expect(200);
      const res = await t
        .http()
        .post(`/api/membership/applications/${id}/withdraw`)
        .set(applicant.auth)
        .expect(409);
      expect(res.body.code).toBe('APPLICATION_ALREADY_DECIDED');
      expect(await tierOf(applicant)).toBe('golden_crown');
    });

    it('answers 404 for an unknown application', async () => {
      const res = await decide(moderator, '00000000-0000-4000-8000-000000000000', {
        decision: 'approve',
      });
      expect(res.status).toBe(404);
    });

    it('does not let a moderator decide their own application', async () => {
      const applicant = await createModerator(t);
      const submitted = await createApplication(t, applicant);
      const res = await decide(applicant, submitted.id, { decision: 'approve' }).expect(403);
      expect(res.body.code).toBe('RECUSAL_REQUIRED');
      expect(await tierOf(applicant)).toBe('standard');
    });

    it('lets exactly one of twenty moderators deciding at once win, with one audit row', async () => {
      const { applicant, id } = await apply();
      const moderators = await Promise.all(Array.from({ length: 20 }, () => createModerator(t)));
      const answers = await Promise.all(
        moderators.map((by, i) =>
          decide(
            by,
            id,
            i % 2 === 0 ? { decision: 'approve' } : { decision: 'reject', reason: `No ${i}` },
          ),
        ),
      );
      const winners = answers.filter((res) => res.status === 200);
      expect(winners).toHaveLength(1);
      const losers = answers.filter((res) => res.status !== 200);
      expect(losers.map((res) => [res.status, res.body.code as string])).toEqual(
        Array.from({ length: 19 }, () => [409, 'APPLICATION_ALREADY_DECIDED']),
      );
      expect(await auditRows(id)).toBe(1);
      expect(
        await countRows(t, 'membership_application_history', 'application_id = $1', [id]),
      ).toBe(2);
      const decided = events.filter(
        (event) =>
          event.name === 'application.decided' &&
          (event.payload as { applicationId: string }).applicationId === id,
      );
      expect(decided).toHaveLength(1);
      expect(await tierOf(applicant)).toBe(
        winners[0].body.status === 'approved' ? 'golden_crown' : 'standard',
      );
    });
  });

  describe('POST /api/moderation/members/:id/tier', () => {
    it('lets exactly one of ten moderators revoking at once win, with one audit row', async () => {
      const member = await createGoldenCrownMember(t);
      const moderators = await Promise.all(Array.from({ length: 10 }, () => createModerator(t)));
      const results = await Promise.all(
        moderators.map((m) =>
          t
            .http()
            .post(`/api/moderation/members/${member.id}/tier`)
            .set(m.auth)
            .send({ tier: 'standard', reason: 'race' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
      expect(
        await countRows(t, 'audit_log', "action = 'member.tier_revoked' AND target_id = $1", [
          member.id,
        ]),
      ).toBe(1);
    });

    it('revokes Golden Crown: audited, announced, and the member sees it at once', async () => {
      const { applicant, id } = await apply();
      await decide(moderator, id, { decision: 'approve' }).expect(200);
      expect(await tierOf(applicant)).toBe('golden_crown');

      const res = await t
        .http()
        .post(`/api/moderation/members/${applicant.id}/tier`)
        .set(moderator.auth)
        .send({ tier: 'standard', reason: 'Left the company' })
        .expect(200);
      expect(res.body).toMatchObject({ id: applicant.id, tier: 'standard' });
      expect(res.body).not.toHaveProperty('email');
      expect(await tierOf(applicant)).toBe('standard');
      const audit = await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT actor_id, detail FROM audit_log WHERE target_id = $1 AND action = 'member.tier_revoked'`,
        [applicant.id],
      );
      expect(audit).toEqual([
        {
          actor_id: moderator.id,
          detail: { from: 'golden_crown', to: 'standard', reason: 'Left the company' },
        },
      ]);
      expect(events).toContainEqual({
        name: 'member.tier_revoked',
        payload: { memberId: applicant.id, reason: 'Left the company', revokedBy: moderator.id },
      });

      const notes = await t.http().get('/api/notifications').set(applicant.auth).expect(200);
      expect(notes.body.items[0]).toMatchObject({
        type: 'tier_revoked',
        data: { reason: 'Left the company' },
      });

      const again = await t
        .http()
        .post(`/api/moderation/members/${applicant.id}/tier`)
        .set(moderator.auth)
        .send({ tier: 'standard', reason: 'Twice' })
        .expect(409);
      expect(again.body.code).toBe('NOT_GOLDEN_CROWN');

      // A revocation starts no wait: the member may apply again at once.
      await createApplication(t, applicant);
    });

    it.each<[string, Record<string, unknown>]>([
      ['no reason', { tier: 'standard' }],
      ['a blank reason', { tier: 'standard', reason: ' ' }],
      ['granting golden_crown', { tier: 'golden_crown', reason: 'Because' }],
      ['an unknown tier', { tier: 'platinum', reason: 'Because' }],
    ])('refuses %s with 400 and changes nothing', async (_what, body) => {
      const member = await createGoldenCrownMember(t);
      const res = await t
        .http()
        .post(`/api/moderation/members/${member.id}/tier`)
        .set(moderator.auth)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await tierOf(member)).toBe('golden_crown');
      expect(await auditRows(member.id)).toBe(0);
    });

    it('lets a moderator revoke only from members: not a moderator, an admin or themselves', async () => {
      const goldenModerator = await createModerator(t, { tier: 'golden_crown' });
      const goldenAdmin = await createAdmin(t, { tier: 'golden_crown' });
      for (const [actor, target] of [
        [moderator, goldenModerator],
        [moderator, goldenAdmin],
        [goldenModerator, goldenModerator],
      ] as const) {
        const res = await t
          .http()
          .post(`/api/moderation/members/${target.id}/tier`)
          .set(actor.auth)
          .send({ tier: 'standard', reason: 'Rank test' });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
        expect(await tierOf(target)).toBe('golden_crown');
        expect(await auditRows(target.id)).toBe(0);
      }
    });

    it("lets an admin revoke anyone's Golden Crown but their own", async () => {
      const admin = await createAdmin(t, { tier: 'golden_crown' });
      const otherAdmin = await createAdmin(t, { tier: 'golden_crown' });
      const goldenModerator = await createModerator(t, { tier: 'golden_crown' });
      const own = await t
        .http()
        .post(`/api/moderation/members/${admin.id}/tier`)
        .set(admin.auth)
        .send({ tier: 'standard', reason: 'Myself' });
      expect(own.status).toBe(403);
      expect(await tierOf(admin)).toBe('golden_crown');
      for (const target of [goldenModerator, otherAdmin]) {
        await t
          .http()
          .post(`/api/moderation/members/${target.id}/tier`)
          .set(admin.auth)
          .send({ tier: 'standard', reason: 'No longer qualifies' })
          .expect(200);
        expect(await tierOf(target)).toBe('standard');
      }
    });

    it('answers 404 for an unknown member', async () => {
      await t
        .http()
        .post('/api/moderation/members/00000000-0000-4000-8000-000000000000/tier')
        .set(moderator.auth)
        .send({ tier: 'standard', reason: 'x' })
        .expect(404);
    });
  });
});

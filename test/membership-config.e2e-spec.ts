import {
  applicationBody,
  countRows,
  createApplication,
  createMember,
  createModerator,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Golden Crown configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      GOLDEN_CROWN_MIN_TURNOVER_CNY: '1000',
      GOLDEN_CROWN_REAPPLY_AFTER_DAYS: '7',
      RATE_LIMIT_WRITE_PER_MINUTE: '3',
    });
  });
  afterAll(() => t.close());

  it('reports the values in force on the rules endpoint', async () => {
    const res = await t.http().get('/api/membership/golden-crown/rules').expect(200);
    expect(res.body).toMatchObject({
      version: '2026-01+1000',
      minAnnualTurnoverCny: 1000,
      reapplyAfterDays: 7,
    });
  });

  it('judges the pre-check and the submission by the configured threshold', async () => {
    const refused = await t
      .http()
      .post('/api/membership/golden-crown/eligibility')
      .send(applicationBody({ annualTurnoverCny: 999 }))
      .expect(200);
    expect(refused.body).toEqual({
      eligible: false,
      reasons: [
        {
          rule: 'turnover',
          code: 'TURNOVER_BELOW_MINIMUM',
          message: 'Annual turnover must be at least 1,000 CNY.',
        },
      ],
    });

    const member = await createMember(t);
    const accepted = await createApplication(t, member, { annualTurnoverCny: 1000 });
    expect(accepted.rulesVersion).toBe('2026-01+1000');
  });

  it('waits the configured number of days after a rejection', async () => {
    const member = await createMember(t);
    const moderator = await createModerator(t);
    const submitted = await createApplication(t, member);
    const decided = await t
      .http()
      .post(`/api/moderation/applications/${submitted.id}/decision`)
      .set(moderator.auth)
      .send({ decision: 'reject', reason: 'Documents missing' })
      .expect(200);
    const res = await t
      .http()
      .post('/api/membership/applications')
      .set(member.auth)
      .send(applicationBody())
      .expect(409);
    const reapplyAt = new Date(Date.parse(decided.body.decidedAt) + 7 * DAY_MS).toISOString();
    expect(res.body.details).toEqual([{ reapplyAt }]);
    const mine = await t
      .http()
      .get('/api/membership/applications/mine')
      .set(member.auth)
      .expect(200);
    expect(mine.body.reapplyAt).toBe(reapplyAt);
  });

  it('counts submissions against the write limit: over it, 429 and nothing stored', async () => {
    const member = await createMember(t);
    const post = () =>
      t
        .http()
        .post('/api/membership/applications')
        .set(member.auth)
        .send(applicationBody({ annualTurnoverCny: 1 }));
    for (let i = 0; i < 3; i += 1) expect((await post()).status).toBe(422);
    const res = await post();
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    const allowed = await t
      .http()
      .post('/api/membership/applications')
      .set(member.auth)
      .send(applicationBody());
    expect(allowed.status).toBe(429);
    expect(await countRows(t, 'membership_applications', 'applicant_id = $1', [member.id])).toBe(0);
  });
});

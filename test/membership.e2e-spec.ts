import fc from 'fast-check';
import { MembersService } from '../src/modules/members/members.service';
import {
  applicationBody,
  countRows,
  createApplication,
  createGoldenCrownMember,
  createMember,
  createModerator,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/** What the tests read of answers. */
interface Reason {
  code: string;
}
interface Item {
  id: string;
  history: { status: string }[];
}

const ORGANIZATION_TYPES = [
  'brand',
  'merchant',
  'manufacturer',
  'distributor',
  'third_party_service_provider',
] as const;

describe('Golden Crown applications', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const submit = (member: TestMember, body: Record<string, unknown>, language?: string) => {
    const request = t.http().post('/api/membership/applications').set(member.auth);
    return (language ? request.set('Accept-Language', language) : request).send(body);
  };
  const precheck = (body: Record<string, unknown>, language?: string) => {
    const request = t.http().post('/api/membership/golden-crown/eligibility');
    return (language ? request.set('Accept-Language', language) : request).send(body);
  };
  /** Rows of every table a submission writes to. */
  const stored = async (memberId: string) => ({
    applications: await countRows(t, 'membership_applications', 'applicant_id = $1', [memberId]),
    history: await countRows(t, 'membership_application_history', 'actor_id = $1', [memberId]),
    consents: await countRows(t, 'consents', 'member_id = $1', [memberId]),
  });
  const NOTHING = { applications: 0, history: 0, consents: 0 };

  describe('GET /api/membership/golden-crown/rules', () => {
    it('publishes the rules in force to anyone', async () => {
      const res = await t.http().get('/api/membership/golden-crown/rules').expect(200);
      expect(res.body).toEqual({
        version: '2026-01+70000000',
        minAnnualTurnoverCny: 70_000_000,
        decisionMakerRequired: true,
        thirdPartyServiceProvidersExcluded: true,
        privacyAgreementVersion: '2026-01',
        reapplyAfterDays: 30,
        approvalsRequired: 1,
        termDays: 365,
        evidenceRetentionDays: 90,
      });
    });
  });

  describe('POST /api/membership/golden-crown/eligibility', () => {
    it('answers visitors, needs only the three answers the rules read, and stores nothing', async () => {
      const before = await countRows(t, 'membership_applications');
      const res = await precheck({
        annualTurnoverCny: 70_000_000,
        isDecisionMaker: true,
        organizationType: 'merchant',
      }).expect(200);
      expect(res.body).toEqual({ eligible: true, reasons: [] });
      expect(await countRows(t, 'membership_applications')).toBe(before);
      expect(await countRows(t, 'consents')).toBe(0);
    });

    it('accepts and ignores the other application fields', async () => {
      const res = await precheck(applicationBody({ privacyConsent: false, companyName: '' }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ eligible: true, reasons: [] });
    });

    it('refuses 69,999,999 CNY with TURNOVER_BELOW_MINIMUM', async () => {
      const res = await precheck(applicationBody({ annualTurnoverCny: 69_999_999 })).expect(200);
      expect(res.body).toEqual({
        eligible: false,
        reasons: [
          {
            rule: 'turnover',
            code: 'TURNOVER_BELOW_MINIMUM',
            message: 'Annual turnover must be at least 70,000,000 CNY.',
          },
        ],
      });
    });

    it('writes the reasons in Simplified Chinese for a Chinese reader, codes unchanged', async () => {
      const body = applicationBody({
        isDecisionMaker: false,
        organizationType: 'third_party_service_provider',
      });
      const zh = await precheck(body, 'zh-CN,zh;q=0.9,en;q=0.8').expect(200);
      expect(zh.body.reasons).toEqual([
        { rule: 'decision_maker', code: 'NOT_DECISION_MAKER', message: '申请人须为企业决策者。' },
        {
          rule: 'service_provider',
          code: 'THIRD_PARTY_SERVICE_PROVIDER',
          message: '第三方服务商不可申请加入金冠俱乐部。',
        },
      ]);
      const en = await precheck(body, 'en-US').expect(200);
      expect((en.body.reasons as Reason[]).map((reason) => reason.code)).toEqual([
        'NOT_DECISION_MAKER',
        'THIRD_PARTY_SERVICE_PROVIDER',
      ]);
      expect(en.body.reasons[0].message).toBe('The applicant must be a corporate decision maker.');
    });

    it.each([
      ['annualTurnoverCny', { annualTurnoverCny: undefined }],
      ['annualTurnoverCny', { annualTurnoverCny: '85000000' }],
      ['isDecisionMaker', { isDecisionMaker: 'true' }],
      ['organizationType', { organizationType: 'agency' }],
    ])('refuses a bad %s with 400 VALIDATION_FAILED', async (field, overrides) => {
      const res = await precheck(applicationBody(overrides)).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    });
  });

  describe('POST /api/membership/applications', () => {
    it('stores an eligible application as pending, with its history and the consent', async () => {
      const member = await createMember(t);
      const res = await submit(member, applicationBody({ annualTurnoverCny: 70_000_000 })).expect(
        201,
      );
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        applicantId: member.id,
        status: 'pending',
        companyName: '杭州某某电子商务有限公司',
        annualTurnoverCny: 70_000_000,
        isDecisionMaker: true,
        jobTitle: 'CEO',
        organizationType: 'brand',
        motivation: 'To learn from operators who run stores at our scale.',
        privacyAgreementVersion: '2026-01',
        rulesVersion: '2026-01+70000000',
        decisionReason: null,
        decidedBy: null,
        decidedAt: null,
        createdAt: expect.any(String),
        history: [{ status: 'pending', at: expect.any(String), by: member.id }],
        kind: 'application',
        approvals: [],
        approvalsRequired: 1,
        evidence: [],
      });
      expect(res.body).not.toHaveProperty('privacyConsent');
      const consents = await t.dataSource.query<Record<string, unknown>[]>(
        'SELECT agreement_version, purpose, subject_id, consented_at FROM consents WHERE member_id = $1',
        [member.id],
      );
      expect(consents).toEqual([
        {
          agreement_version: '2026-01',
          purpose: 'golden_crown_application',
          subject_id: res.body.id,
          consented_at: expect.any(Date),
        },
      ]);
    });

    it('keeps the largest turnover allowed (10^13 CNY) exact, stored as bigint', async () => {
      const member = await createMember(t);
      const res = await submit(
        member,
        applicationBody({ annualTurnoverCny: 10_000_000_000_000 }),
      ).expect(201);
      expect(res.body.annualTurnoverCny).toBe(10_000_000_000_000);
      const [row] = await t.dataSource.query<{ turnover: string }[]>(
        'SELECT annual_turnover_cny::text AS turnover FROM membership_applications WHERE id = $1',
        [res.body.id],
      );
      expect(row.turnover).toBe('10000000000000');
    });

    it('needs a signed-in member', async () => {
      const res = await t
        .http()
        .post('/api/membership/applications')
        .send(applicationBody())
        .expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a suspended member with 403 MEMBER_SUSPENDED', async () => {
      const member = await createMember(t, { suspendedUntil: new Date(Date.now() + 86_400_000) });
      const res = await submit(member, applicationBody()).expect(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
      expect(await stored(member.id)).toEqual(NOTHING);
    });

    describe('refuses a malformed body with 400 VALIDATION_FAILED and stores nothing', () => {
      it.each<[string, string, unknown]>([
        ['annualTurnoverCny', 'a string', '85000000'],
        ['annualTurnoverCny', 'a fraction', 70_000_000.5],
        ['annualTurnoverCny', 'a negative number', -1],
        ['annualTurnoverCny', 'more than 10^13', 10_000_000_000_001],
        ['annualTurnoverCny', '"NaN"', 'NaN'],
        ['annualTurnoverCny', '"Infinity"', 'Infinity'],
        ['annualTurnoverCny', 'null', null],
        ['annualTurnoverCny', 'missing', undefined],
        ['annualTurnoverCny', 'an object', { value: 85_000_000 }],
        ['isDecisionMaker', 'a string', 'true'],
        ['isDecisionMaker', 'a number', 1],
        ['isDecisionMaker', 'missing', undefined],
        ['organizationType', 'an unknown type', 'agency'],
        ['companyName', 'empty after trimming', '   '],
        ['companyName', 'over 200 characters', 'x'.repeat(201)],
        ['jobTitle', 'over 100 characters', 'x'.repeat(101)],
        ['motivation', 'over 2,000 characters', 'x'.repeat(2001)],
        ['motivation', 'missing', undefined],
        ['privacyConsent', 'a string', 'true'],
        ['privacyAgreementVersion', 'a number', 202601],
      ])('%s: %s', async (field, _what, value) => {
        const member = await createMember(t);
        const res = await submit(member, applicationBody({ [field]: value })).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details).toEqual([expect.objectContaining({ field })]);
        expect(await stored(member.id)).toEqual(NOTHING);
      });

      it('an unknown property', async () => {
        const member = await createMember(t);
        const res = await submit(member, applicationBody({ tier: 'golden_crown' })).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(await stored(member.id)).toEqual(NOTHING);
      });

      it('a literal NaN, which is not JSON', async () => {
        const member = await createMember(t);
        const res = await t
          .http()
          .post('/api/membership/applications')
          .set(member.auth)
          .set('Content-Type', 'application/json')
          .send('{"annualTurnoverCny": NaN}');
        expect(res.status).toBe(400);
        expect(await stored(member.id)).toEqual(NOTHING);
      });
    });

    describe('refuses without consent to the current agreement: 422 PRIVACY_CONSENT_REQUIRED', () => {
      it.each<[string, Record<string, unknown>]>([
        ['privacyConsent false', { privacyConsent: false }],
        ['privacyConsent missing', { privacyConsent: undefined }],
        ['an older agreement version', { privacyAgreementVersion: '2025-06' }],
        ['no agreement version', { privacyAgreementVersion: undefined }],
      ])('%s', async (_what, overrides) => {
        const member = await createMember(t);
        const res = await submit(member, applicationBody(overrides)).expect(422);
        expect(res.body.code).toBe('PRIVACY_CONSENT_REQUIRED');
        expect(res.body.details).toEqual([{ privacyAgreementVersion: '2026-01' }]);
        expect(await stored(member.id)).toEqual(NOTHING);
      });
    });

    it('refuses an ineligible application with 422 APPLICATION_INELIGIBLE listing every failed rule', async () => {
      const member = await createMember(t);
      const res = await submit(
        member,
        applicationBody({
          annualTurnoverCny: 69_999_999,
          isDecisionMaker: false,
          organizationType: 'third_party_service_provider',
        }),
        'zh-CN',
      ).expect(422);
      expect(res.body).toEqual({
        statusCode: 422,
        code: 'APPLICATION_INELIGIBLE',
        message: expect.any(String),
        details: [
          {
            rule: 'turnover',
            code: 'TURNOVER_BELOW_MINIMUM',
            message: '年营业额须不低于人民币 70,000,000 元。',
          },
          { rule: 'decision_maker', code: 'NOT_DECISION_MAKER', message: '申请人须为企业决策者。' },
          {
            rule: 'service_provider',
            code: 'THIRD_PARTY_SERVICE_PROVIDER',
            message: '第三方服务商不可申请加入金冠俱乐部。',
          },
        ],
      });
      expect(await stored(member.id)).toEqual(NOTHING);
    });

    it('refuses a Golden Crown member with 409 ALREADY_MEMBER and stores nothing', async () => {
      const member = await createGoldenCrownMember(t);
      const res = await submit(member, applicationBody()).expect(409);
      expect(res.body.code).toBe('ALREADY_MEMBER');
      expect(await stored(member.id)).toEqual(NOTHING);
    });

    it('refuses a second open application with 409 APPLICATION_ALREADY_OPEN and stores nothing more', async () => {
      const member = await createMember(t);
      await createApplication(t, member);
      const res = await submit(member, applicationBody({ companyName: 'Another Ltd' })).expect(409);
      expect(res.body.code).toBe('APPLICATION_ALREADY_OPEN');
      expect(await stored(member.id)).toEqual({ applications: 1, history: 1, consents: 1 });
    });

    it('creates exactly one application from twenty parallel submissions by one member', async () => {
      const member = await createMember(t);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => submit(member, applicationBody())),
      );
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
      for (const res of answers.filter((answer) => answer.status === 409)) {
        expect(res.body.code).toBe('APPLICATION_ALREADY_OPEN');
      }
      expect(await stored(member.id)).toEqual({ applications: 1, history: 1, consents: 1 });
    });

    it('is held to one pending application per member by the database itself', async () => {
      const member = await createMember(t);
      await createApplication(t, member);
      await expect(
        t.dataSource.query(
          `INSERT INTO membership_applications (applicant_id, company_name, annual_turnover_cny,
             is_decision_maker, job_title, organization_type, motivation, privacy_agreement_version,
             rules_version)
           SELECT applicant_id, company_name, annual_turnover_cny, is_decision_maker, job_title,
             organization_type, motivation, privacy_agreement_version, rules_version
           FROM membership_applications WHERE applicant_id = $1`,
          [member.id],
        ),
      ).rejects.toThrow(/UQ_membership_applications_one_pending/);
    });

    describe('checks in a documented order', () => {
      it('validation before consent', async () => {
        const member = await createMember(t);
        const res = await submit(
          member,
          applicationBody({ annualTurnoverCny: '1', privacyConsent: false }),
        );
        expect(res.body.code).toBe('VALIDATION_FAILED');
      });

      it('consent before membership', async () => {
        const member = await createGoldenCrownMember(t);
        const res = await submit(member, applicationBody({ privacyConsent: false }));
        expect(res.body.code).toBe('PRIVACY_CONSENT_REQUIRED');
      });

      it('membership before the rules', async () => {
        const member = await createGoldenCrownMember(t);
        const res = await submit(member, applicationBody({ annualTurnoverCny: 1 }));
        expect(res.body.code).toBe('ALREADY_MEMBER');
      });

      it('an open application before the rules', async () => {
        const member = await createMember(t);
        await createApplication(t, member);
        const res = await submit(member, applicationBody({ isDecisionMaker: false }));
        expect(res.body.code).toBe('APPLICATION_ALREADY_OPEN');
      });
    });
  });

  describe('the pre-check and the submission agree', () => {
    /** Submits as a fresh member; the answer reduced to what the pre-check says. */
    async function submissionVerdict(criteria: Record<string, unknown>) {
      const member = await createMember(t);
      const res = await submit(member, applicationBody(criteria), 'zh');
      expect([201, 422]).toContain(res.status);
      if (res.status === 201) return { eligible: true, reasons: [] };
      expect(res.body.code).toBe('APPLICATION_INELIGIBLE');
      expect(await stored(member.id)).toEqual(NOTHING);
      return { eligible: false, reasons: res.body.details as unknown[] };
    }

    const cases = [69_999_999, 70_000_000].flatMap((annualTurnoverCny) =>
      [true, false].flatMap((isDecisionMaker) =>
        (['distributor', 'third_party_service_provider'] as const).map((organizationType) => ({
          annualTurnoverCny,
          isDecisionMaker,
          organizationType,
        })),
      ),
    );

    it.each(cases)(
      'turnover $annualTurnoverCny, decision maker $isDecisionMaker, $organizationType: exactly the failing codes',
      async (criteria) => {
        const expected = [
          ...(criteria.annualTurnoverCny < 70_000_000 ? ['TURNOVER_BELOW_MINIMUM'] : []),
          ...(criteria.isDecisionMaker ? [] : ['NOT_DECISION_MAKER']),
          ...(criteria.organizationType === 'third_party_service_provider'
            ? ['THIRD_PARTY_SERVICE_PROVIDER']
            : []),
        ];
        const pre = await precheck(applicationBody(criteria), 'zh').expect(200);
        expect((pre.body.reasons as Reason[]).map((reason) => reason.code)).toEqual(expected);
        expect(await submissionVerdict(criteria)).toEqual(pre.body);
      },
    );

    it('on generated inputs (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            annualTurnoverCny: fc.oneof(
              fc.integer({ min: 0, max: 10_000_000_000_000 }),
              fc.integer({ min: 69_999_990, max: 70_000_010 }),
            ),
            isDecisionMaker: fc.boolean(),
            organizationType: fc.constantFrom(...ORGANIZATION_TYPES),
          }),
          async (criteria) => {
            const pre = await precheck(applicationBody(criteria), 'zh').expect(200);
            expect(await submissionVerdict(criteria)).toEqual(pre.body);
          },
        ),
        { numRuns: 12 },
      );
    });
  });

  describe('following an application', () => {
    it('lists the member’s own applications, newest first, each with its history', async () => {
      const member = await createMember(t);
      const other = await createMember(t);
      const first = await submit(member, applicationBody({ companyName: 'First Ltd' })).expect(201);
      await t
        .http()
        .post(`/api/membership/applications/${first.body.id}/withdraw`)
        .set(member.auth)
        .expect(200);
      const second = await submit(member, applicationBody({ companyName: 'Second Ltd' })).expect(
        201,
      );
      await createApplication(t, other);

      const res = await t
        .http()
        .get('/api/membership/applications/mine')
        .set(member.auth)
        .expect(200);
      expect(res.body.nextCursor).toBeNull();
      // A withdrawal starts no wait.
      expect(res.body.reapplyAt).toBeNull();
      expect((res.body.items as Item[]).map((item) => item.id)).toEqual([
        second.body.id,
        first.body.id,
      ]);
      expect((res.body.items as Item[])[1].history.map((entry) => entry.status)).toEqual([
        'pending',
        'withdrawn',
      ]);
    });

    it('shows an application to its applicant and to moderators; anyone else gets 404', async () => {
      const applicant = await createMember(t);
      const stranger = await createMember(t);
      const moderator = await createModerator(t);
      const body = await createApplication(t, applicant);
      const path = `/api/membership/applications/${body.id}`;

      expect((await t.http().get(path).set(applicant.auth).expect(200)).body).toEqual(body);
      expect((await t.http().get(path).set(moderator.auth).expect(200)).body).toEqual(body);
      const res = await t.http().get(path).set(stranger.auth).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('杭州');
      await t.http().get(path).expect(401);
      const goldenCrown = await createGoldenCrownMember(t);
      await t.http().get(path).set(goldenCrown.auth).expect(404);
    });

    it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
      const member = await createMember(t);
      await t
        .http()
        .get('/api/membership/applications/00000000-0000-4000-8000-000000000000')
        .set(member.auth)
        .expect(404);
      const res = await t
        .http()
        .get('/api/membership/applications/abc')
        .set(member.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('POST /api/membership/applications/:id/withdraw', () => {
    it('withdraws a pending application once; a withdrawal starts no wait', async () => {
      const member = await createMember(t);
      const body = await createApplication(t, member);
      const path = `/api/membership/applications/${body.id}/withdraw`;

      const res = await t.http().post(path).set(member.auth).expect(200);
      expect(res.body.status).toBe('withdrawn');
      expect(res.body.decidedBy).toBeNull();
      expect(res.body.history).toEqual([
        { status: 'pending', at: expect.any(String), by: member.id },
        { status: 'withdrawn', at: expect.any(String), by: member.id },
      ]);

      const again = await t.http().post(path).set(member.auth).expect(409);
      expect(again.body.code).toBe('APPLICATION_ALREADY_DECIDED');
      expect(
        await countRows(t, 'membership_application_history', 'application_id = $1', [body.id]),
      ).toBe(2);

      await createApplication(t, member);
      const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
      expect(me.body.tier).toBe('standard');
    });

    it('is the applicant’s alone: anyone else, a moderator too, gets 404', async () => {
      const applicant = await createMember(t);
      const body = await createApplication(t, applicant);
      for (const other of [await createMember(t), await createModerator(t)]) {
        await t
          .http()
          .post(`/api/membership/applications/${body.id}/withdraw`)
          .set(other.auth)
          .expect(404);
      }
      const check = await t
        .http()
        .get(`/api/membership/applications/${body.id}`)
        .set(applicant.auth);
      expect(check.body.status).toBe('pending');
    });

    it('is allowed while suspended', async () => {
      const member = await createMember(t);
      const body = await createApplication(t, member);
      await t.dataSource.query(
        `UPDATE members SET suspended_until = now() + interval '1 day' WHERE id = $1`,
        [member.id],
      );
      // The member cache learns of the suspension the way the moderation feature tells it.
      await t.app.get(MembersService).changed(member.id);
      const blocked = await submit(member, applicationBody());
      expect(blocked.body.code).toBe('MEMBER_SUSPENDED');
      const res = await t
        .http()
        .post(`/api/membership/applications/${body.id}/withdraw`)
        .set(member.auth);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('withdrawn');
    });
  });
});

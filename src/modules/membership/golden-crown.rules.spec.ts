import fc from 'fast-check';
import { GoldenCrownRuleSet, type EligibilityInput, type ReasonCode } from './golden-crown.rules';
import { MAX_ANNUAL_TURNOVER_CNY, ORGANIZATION_TYPES } from './membership.types';

const MINIMUM = 70_000_000;

/** The published rules, written out independently of the implementation. */
function expectedCodes(input: EligibilityInput, minimum = MINIMUM): ReasonCode[] {
  const codes: ReasonCode[] = [];
  if (input.annualTurnoverCny < minimum) codes.push('TURNOVER_BELOW_MINIMUM');
  if (input.isDecisionMaker === false) codes.push('NOT_DECISION_MAKER');
  if (input.organizationType === 'third_party_service_provider') {
    codes.push('THIRD_PARTY_SERVICE_PROVIDER');
  }
  return codes;
}

const inputs = fc.record({
  annualTurnoverCny: fc.oneof(
    fc.integer({ min: 0, max: MAX_ANNUAL_TURNOVER_CNY }),
    fc.integer({ min: MINIMUM - 2, max: MINIMUM + 2 }),
  ),
  isDecisionMaker: fc.boolean(),
  organizationType: fc.constantFrom(...ORGANIZATION_TYPES),
});

describe(GoldenCrownRuleSet.name, () => {
  const sut = new GoldenCrownRuleSet({ minAnnualTurnoverCny: MINIMUM });
  const eligible: EligibilityInput = {
    annualTurnoverCny: 85_000_000,
    isDecisionMaker: true,
    organizationType: 'brand',
  };

  it('refuses 69,999,999 CNY and accepts 70,000,000 CNY', () => {
    expect(sut.evaluate({ ...eligible, annualTurnoverCny: 69_999_999 }).reasons).toEqual([
      expect.objectContaining({ rule: 'turnover', code: 'TURNOVER_BELOW_MINIMUM' }),
    ]);
    expect(sut.evaluate({ ...eligible, annualTurnoverCny: 70_000_000 })).toEqual({
      eligible: true,
      reasons: [],
    });
  });

  it('accepts every organization type but third-party service providers', () => {
    for (const organizationType of ORGANIZATION_TYPES) {
      expect(sut.evaluate({ ...eligible, organizationType }).eligible).toBe(
        organizationType !== 'third_party_service_provider',
      );
    }
  });

  // Every combination of the three rules, each passing or failing.
  const combinations = [69_999_999, 70_000_000].flatMap((annualTurnoverCny) =>
    [true, false].flatMap((isDecisionMaker) =>
      (['merchant', 'third_party_service_provider'] as const).map((organizationType) => ({
        annualTurnoverCny,
        isDecisionMaker,
        organizationType,
      })),
    ),
  );

  it.each(combinations)('gives exactly the failing codes for %o', (input) => {
    const result = sut.evaluate(input);
    expect(result.reasons.map((reason) => reason.code)).toEqual(expectedCodes(input));
    expect(result.eligible).toBe(expectedCodes(input).length === 0);
  });

  it('lists every failed rule with its rule name, code and message', () => {
    const result = sut.evaluate({
      annualTurnoverCny: 0,
      isDecisionMaker: false,
      organizationType: 'third_party_service_provider',
    });
    expect(result).toEqual({
      eligible: false,
      reasons: [
        {
          rule: 'turnover',
          code: 'TURNOVER_BELOW_MINIMUM',
          message: 'Annual turnover must be at least 70,000,000 CNY.',
        },
        {
          rule: 'decision_maker',
          code: 'NOT_DECISION_MAKER',
          message: 'The applicant must be a corporate decision maker.',
        },
        {
          rule: 'service_provider',
          code: 'THIRD_PARTY_SERVICE_PROVIDER',
          message: 'Third-party service providers cannot join the Golden Crown Club.',
        },
      ],
    });
  });

  it('writes the messages in Simplified Chinese, with the same codes', () => {
    const input = {
      annualTurnoverCny: 1,
      isDecisionMaker: false,
      organizationType: 'brand' as const,
    };
    const zh = sut.evaluate(input, 'zh').reasons;
    expect(zh.map((reason) => reason.message)).toEqual([
      '年营业额须不低于人民币 70,000,000 元。',
      '申请人须为企业决策者。',
    ]);
    expect(zh.map((reason) => reason.code)).toEqual(
      sut.evaluate(input, 'en').reasons.map((reason) => reason.code),
    );
  });

  it('reports each rule as an object with evaluate() → {passed, rule, code, message}', () => {
    expect(sut.rules.map((rule) => rule.evaluate(eligible))).toEqual([
      {
        passed: true,
        rule: 'turnover',
        code: 'TURNOVER_BELOW_MINIMUM',
        message: expect.any(String),
      },
      {
        passed: true,
        rule: 'decision_maker',
        code: 'NOT_DECISION_MAKER',
        message: expect.any(String),
      },
      {
        passed: true,
        rule: 'service_provider',
        code: 'THIRD_PARTY_SERVICE_PROVIDER',
        message: expect.any(String),
      },
    ]);
  });

  it('versions the rule set with the threshold in force', () => {
    expect(sut.version).toBe('2026-01+70000000');
    expect(new GoldenCrownRuleSet({ minAnnualTurnoverCny: 1000 }).version).toBe('2026-01+1000');
  });

  it('uses the configured threshold', () => {
    const lowered = new GoldenCrownRuleSet({ minAnnualTurnoverCny: 1000 });
    expect(lowered.evaluate({ ...eligible, annualTurnoverCny: 999 }).eligible).toBe(false);
    expect(lowered.evaluate({ ...eligible, annualTurnoverCny: 1000 }).eligible).toBe(true);
    expect(lowered.evaluate({ ...eligible, annualTurnoverCny: 999 }, 'en').reasons[0].message).toBe(
      'Annual turnover must be at least 1,000 CNY.',
    );
  });

  it('agrees with the published rules on any input, in either language (property)', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom('en' as const, 'zh' as const), (input, language) => {
        const result = sut.evaluate(input, language);
        const codes = expectedCodes(input);
        expect(result.reasons.map((reason) => reason.code)).toEqual(codes);
        expect(result.eligible).toBe(codes.length === 0);
        for (const reason of result.reasons) expect(reason.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

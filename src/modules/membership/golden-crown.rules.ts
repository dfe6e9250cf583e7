import type { Language } from '../../common/i18n/language';
import type { OrganizationType } from './membership.types';

/**
 * The Golden Crown Club's published rules, as small rule objects gathered in one
 * versioned rule set. The pre-check (`/eligibility`) and the submission both call
 * `GoldenCrownRuleSet.evaluate`, so they cannot disagree.
 */

/** What the rules read from an application. */
export interface EligibilityInput {
  annualTurnoverCny: number;
  isDecisionMaker: boolean;
  organizationType: OrganizationType;
}

export const RULE_NAMES = ['turnover', 'decision_maker', 'service_provider'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const REASON_CODES = [
  'TURNOVER_BELOW_MINIMUM',
  'NOT_DECISION_MAKER',
  'THIRD_PARTY_SERVICE_PROVIDER',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** One rule's verdict. `message` states the requirement in the caller's language. */
export interface RuleResult {
  passed: boolean;
  rule: RuleName;
  code: ReasonCode;
  message: string;
}

/** A failed rule, as answers list it. */
export type EligibilityReason = Omit<RuleResult, 'passed'>;

export interface Eligibility {
  eligible: boolean;
  /** Every failed rule, in the rule set's order; empty when eligible. */
  reasons: EligibilityReason[];
}

export interface EligibilityRule {
  readonly rule: RuleName;
  readonly code: ReasonCode;
  evaluate(input: EligibilityInput, language?: Language): RuleResult;
}

type Messages = Record<Language, string>;

function verdict(
  rule: EligibilityRule,
  passed: boolean,
  messages: Messages,
  language: Language,
): RuleResult {
  return { passed, rule: rule.rule, code: rule.code, message: messages[language] };
}

/** `annualTurnoverCny < minimum` is refused; the minimum itself passes. */
export class MinimumTurnoverRule implements EligibilityRule {
  readonly rule = 'turnover';
  readonly code = 'TURNOVER_BELOW_MINIMUM';

  constructor(readonly minimumCny: number) {}

  evaluate(input: EligibilityInput, language: Language = 'en'): RuleResult {
    const en = new Intl.NumberFormat('en-US').format(this.minimumCny);
    const zh = new Intl.NumberFormat('zh-CN').format(this.minimumCny);
    return verdict(
      this,
      input.annualTurnoverCny >= this.minimumCny,
      {
        en: `Annual turnover must be at least ${en} CNY.`,
        zh: `年营业额须不低于人民币 ${zh} 元。`,
      },
      language,
    );
  }
}

/** Only a corporate decision maker may apply. */
export class DecisionMakerRule implements EligibilityRule {
  readonly rule = 'decision_maker';
  readonly code = 'NOT_DECISION_MAKER';

  evaluate(input: EligibilityInput, language: Language = 'en'): RuleResult {
    return verdict(
      this,
      input.isDecisionMaker,
      {
        en: 'The applicant must be a corporate decision maker.',
        zh: '申请人须为企业决策者。',
      },
      language,
    );
  }
}

/** Third-party service providers may not apply. */
export class NoServiceProviderRule implements EligibilityRule {
  readonly rule = 'service_provider';
  readonly code = 'THIRD_PARTY_SERVICE_PROVIDER';

  evaluate(input: EligibilityInput, language: Language = 'en'): RuleResult {
    return verdict(
      this,
      input.organizationType !== 'third_party_service_provider',
      {
        en: 'Third-party service providers cannot join the Golden Crown Club.',
        zh: '第三方服务商不可申请加入金冠俱乐部。',
      },
      language,
    );
  }
}

/** The revision of the rules' logic; raise it when a rule is added, removed or changed. */
export const GOLDEN_CROWN_RULES_REVISION = '2026-01';

export interface GoldenCrownSettings {
  minAnnualTurnoverCny: number;
}

export class GoldenCrownRuleSet {
  /**
   * The revision plus the threshold in force (`2026-01+70000000`): the threshold is
   * configuration, so a stored `rulesVersion` pins exactly what an application was
   * judged under.
   */
  readonly version: string;
  readonly rules: readonly EligibilityRule[];

  constructor(readonly settings: GoldenCrownSettings) {
    this.version = `${GOLDEN_CROWN_RULES_REVISION}+${settings.minAnnualTurnoverCny}`;
    this.rules = [
      new MinimumTurnoverRule(settings.minAnnualTurnoverCny),
      new DecisionMakerRule(),
      new NoServiceProviderRule(),
    ];
  }

  evaluate(input: EligibilityInput, language: Language = 'en'): Eligibility {
    const reasons = this.rules
      .map((rule) => rule.evaluate(input, language))
      .filter((result) => !result.passed)
      .map(({ rule, code, message }) => ({ rule, code, message }));
    return { eligible: reasons.length === 0, reasons };
  }
}

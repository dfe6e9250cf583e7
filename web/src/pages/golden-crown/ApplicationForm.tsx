import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Loading } from '../../components/ui';
import { api, ApiError } from '../../lib/api';
import { useDraft } from '../../lib/draft';
import { codeMessage } from '../../lib/errors';
import { formatCny } from '../../lib/format';
import {
  ORGANIZATION_TYPES,
  type Application,
  type Eligibility,
  type EligibilityReason,
  type GoldenCrownRules,
  type OrganizationType,
  type PrivacyAgreement,
} from '../../lib/types';

interface ApplicationDraft {
  companyName: string;
  turnover: string;
  isDecisionMaker: '' | 'yes' | 'no';
  jobTitle: string;
  organizationType: OrganizationType | '';
  motivation: string;
}

const EMPTY: ApplicationDraft = {
  companyName: '',
  turnover: '',
  isDecisionMaker: '',
  jobTitle: '',
  organizationType: '',
  motivation: '',
};

/** "70,000,000", "7000 0000" → 70000000; anything else → null. */
export function parseAmount(text: string): number | null {
  const digits = text.replace(/[\s,，_]/g, '');
  if (!/^\d{1,14}$/.test(digits)) return null;
  const value = Number(digits);
  return value <= 10 ** 13 ? value : null;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The application form: the answers (kept as a draft), the live pre-check, the consent. */
export function ApplicationForm({ rules }: { rules: GoldenCrownRules }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<ApplicationDraft>('golden-crown', EMPTY);
  const [agreementOpen, setAgreementOpen] = useState(false);
  const [consent, setConsent] = useState(false);
  const update = (patch: Partial<ApplicationDraft>) => setDraft({ ...draft, ...patch });

  const turnover = parseAmount(draft.turnover);
  const criteria = useDebounced(
    {
      annualTurnoverCny: turnover,
      isDecisionMaker: draft.isDecisionMaker,
      organizationType: draft.organizationType,
    },
    350,
  );
  // The pre-check needs all three values: what is not chosen yet is sent as passing, and
  // its reason (if any) is not shown until it is chosen.
  const eligibility = useQuery({
    queryKey: ['gc-eligibility', criteria],
    queryFn: () =>
      api<Eligibility>('/membership/golden-crown/eligibility', {
        method: 'POST',
        body: {
          annualTurnoverCny: criteria.annualTurnoverCny,
          isDecisionMaker: criteria.isDecisionMaker !== 'no',
          organizationType: criteria.organizationType || 'brand',
        },
      }),
    enabled: criteria.annualTurnoverCny !== null,
    staleTime: Infinity,
  });
  const complete =
    criteria.annualTurnoverCny !== null &&
    criteria.isDecisionMaker !== '' &&
    criteria.organizationType !== '';
  const checkedNow =
    criteria.annualTurnoverCny === turnover &&
    criteria.isDecisionMaker === draft.isDecisionMaker &&
    criteria.organizationType === draft.organizationType;

  const agreement = useQuery({
    queryKey: ['privacy-agreement'],
    queryFn: () => api<PrivacyAgreement>('/privacy/agreement'),
    enabled: agreementOpen,
    staleTime: 300_000,
  });

  const submit = useMutation({
    mutationFn: () =>
      api<Application>('/membership/applications', {
        method: 'POST',
        body: {
          companyName: draft.companyName.trim(),
          annualTurnoverCny: turnover,
          isDecisionMaker: draft.isDecisionMaker === 'yes',
          jobTitle: draft.jobTitle.trim(),
          organizationType: draft.organizationType,
          motivation: draft.motivation.trim(),
          privacyAgreementVersion: agreement.data?.version ?? rules.privacyAgreementVersion,
          privacyConsent: consent,
        },
      }),
    onSuccess: () => {
      clearDraft();
      void queryClient.invalidateQueries({ queryKey: ['applications'] });
    },
  });

  const reasons: EligibilityReason[] = (eligibility.data?.reasons ?? []).filter(
    (reason) =>
      (reason.code !== 'NOT_DECISION_MAKER' || criteria.isDecisionMaker !== '') &&
      (reason.code !== 'THIRD_PARTY_SERVICE_PROVIDER' || criteria.organizationType !== ''),
  );
  const submittedReasons =
    submit.error instanceof ApiError && submit.error.code === 'APPLICATION_INELIGIBLE'
      ? (submit.error.details as EligibilityReason[])
      : [];
  const reasonText = (reason: EligibilityReason) =>
    ['TURNOVER_BELOW_MINIMUM', 'NOT_DECISION_MAKER', 'THIRD_PARTY_SERVICE_PROVIDER'].includes(
      reason.code,
    )
      ? codeMessage(reason.code, t, i18n.language, [], { minTurnover: rules.minAnnualTurnoverCny })
      : reason.message;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <section className="card" aria-labelledby="apply-heading">
      <h2 id="apply-heading">{t('gc.formTitle')}</h2>
      <form className="form" onSubmit={onSubmit}>
        <Field label={t('gc.companyName')}>
          {(id) => (
            <input
              id={id}
              name="companyName"
              required
              maxLength={200}
              value={draft.companyName}
              onChange={(event) => update({ companyName: event.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('gc.turnover')}
          hint={
            turnover !== null
              ? t('gc.turnoverShown', { amount: formatCny(turnover, i18n.language) })
              : undefined
          }
        >
          {(id, hint) => (
            <input
              id={id}
              name="annualTurnoverCny"
              inputMode="numeric"
              autoComplete="off"
              required
              aria-describedby={hint}
              aria-invalid={draft.turnover !== '' && turnover === null}
              value={draft.turnover}
              onChange={(event) => update({ turnover: event.target.value })}
            />
          )}
        </Field>
        <fieldset className="field">
          <legend>{t('gc.decisionMaker')}</legend>
          <label className="check">
            <input
              type="radio"
              name="isDecisionMaker"
              value="yes"
              checked={draft.isDecisionMaker === 'yes'}
              onChange={() => update({ isDecisionMaker: 'yes' })}
            />
            {t('common.yes')}
          </label>
          <label className="check">
            <input
              type="radio"
              name="isDecisionMaker"
              value="no"
              checked={draft.isDecisionMaker === 'no'}
              onChange={() => update({ isDecisionMaker: 'no' })}
            />
            {t('common.no')}
          </label>
        </fieldset>
        <Field label={t('gc.organizationType')}>
          {(id) => (
            <select
              id={id}
              name="organizationType"
              required
              value={draft.organizationType}
              onChange={(event) =>
                update({ organizationType: event.target.value as OrganizationType | '' })
              }
            >
              <option value="" disabled>
                —
              </option>
              {ORGANIZATION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`gc.organizationTypes.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>

        <div className="eligibility" aria-live="polite" data-testid="eligibility">
          {turnover !== null && (eligibility.isFetching || !checkedNow) && (
            <p className="muted">{t('gc.checking')}</p>
          )}
          {checkedNow && !eligibility.isFetching && eligibility.data && reasons.length > 0 && (
            <div className="error" role="alert">
              <p>{t('gc.ineligible')}</p>
              <ul>
                {reasons.map((reason) => (
                  <li key={reason.code} data-code={reason.code}>
                    {reasonText(reason)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {checkedNow && complete && eligibility.data?.eligible && (
            <p className="ok">✓ {t('gc.eligible')}</p>
          )}
          {eligibility.isError && <ErrorNote error={eligibility.error} />}
        </div>

        <Field label={t('gc.jobTitle')}>
          {(id) => (
            <input
              id={id}
              name="jobTitle"
              required
              maxLength={100}
              value={draft.jobTitle}
              onChange={(event) => update({ jobTitle: event.target.value })}
            />
          )}
        </Field>
        <Field label={t('gc.motivation')}>
          {(id) => (
            <textarea
              id={id}
              name="motivation"
              required
              rows={4}
              maxLength={2000}
              value={draft.motivation}
              onChange={(event) => update({ motivation: event.target.value })}
            />
          )}
        </Field>

        <div className="agreement">
          <button
            type="button"
            className="link"
            aria-expanded={agreementOpen}
            aria-controls="privacy-agreement"
            onClick={() => setAgreementOpen(!agreementOpen)}
          >
            {agreementOpen ? t('gc.hideAgreement') : t('gc.readAgreement')}
          </button>
          {agreementOpen && (
            <div
              id="privacy-agreement"
              className="agreement-text"
              tabIndex={0}
              role="region"
              aria-label={t('gc.agreement')}
            >
              {agreement.isPending && <Loading />}
              {agreement.isError && <ErrorNote error={agreement.error} />}
              {agreement.data && (
                <>
                  <h3>{agreement.data.title}</h3>
                  {agreement.data.body.split(/\n\s*\n/).map((paragraph, index) => (
                    <p key={index}>{paragraph}</p>
                  ))}
                </>
              )}
            </div>
          )}
          <label className="check">
            <input
              type="checkbox"
              name="privacyConsent"
              checked={consent}
              disabled={!agreement.data}
              aria-describedby="consent-hint"
              onChange={(event) => setConsent(event.target.checked)}
            />
            {t('gc.consent', { version: agreement.data?.version ?? rules.privacyAgreementVersion })}
          </label>
          {!agreement.data && (
            <small id="consent-hint" className="muted">
              {t('gc.consentNeeded')}
            </small>
          )}
        </div>

        <ErrorNote error={submit.error} minTurnover={rules.minAnnualTurnoverCny} />
        {submittedReasons.length > 0 && (
          <ul className="error">
            {submittedReasons.map((reason) => (
              <li key={reason.code}>{reasonText(reason)}</li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button
            type="submit"
            disabled={submit.isPending || !consent || turnover === null || reasons.length > 0}
          >
            {t('gc.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

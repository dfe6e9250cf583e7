import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field } from '../../components/ui';
import { localeOf } from '../../i18n';
import type { UploadedFile } from '../../lib/uploads';
import { parseCnyAmount } from '../../lib/amount';
import { api, ApiError } from '../../lib/api';
import { useDraft } from '../../lib/draft';
import { codeMessage } from '../../lib/errors';
import { formatCny, formatNumber } from '../../lib/format';
import {
  ORGANIZATION_TYPES,
  type Application,
  type Eligibility,
  type EligibilityReason,
  type GoldenCrownRules,
  type OrganizationType,
} from '../../lib/types';
import { AgreementConsent } from './AgreementConsent';
import { EvidenceField } from './EvidenceField';

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

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The application form: the answers (kept as a draft), the live pre-check and the consent.
 * Submit says in words what still stops it; it first shows the answers to confirm, then
 * sends them and tells the page (`onSubmitted`).
 */
export function ApplicationForm({
  rules,
  onSubmitted,
}: {
  rules: GoldenCrownRules;
  onSubmitted: (application: Application) => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<ApplicationDraft>('golden-crown', EMPTY);
  const [consentVersion, setConsentVersion] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [evidence, setEvidence] = useState<UploadedFile[]>([]);
  const update = (patch: Partial<ApplicationDraft>) => {
    setConfirming(false);
    setDraft({ ...draft, ...patch });
  };

  const turnover = parseCnyAmount(draft.turnover);
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
          privacyAgreementVersion: consentVersion ?? rules.privacyAgreementVersion,
          privacyConsent: consentVersion !== null,
          evidenceUploadIds: evidence.map((file) => file.id),
        },
      }),
    onSuccess: (application) => {
      clearDraft();
      onSubmitted(application);
      void queryClient.invalidateQueries({ queryKey: ['applications'] });
    },
    onError: () => setConfirming(false),
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

  // Why submit is disabled, in words: what is still missing, then what is wrong.
  const missing = [
    draft.companyName.trim() === '' && t('gc.missing.companyName'),
    draft.turnover.trim() === '' && t('gc.missing.turnover'),
    draft.isDecisionMaker === '' && t('gc.missing.decisionMaker'),
    draft.organizationType === '' && t('gc.missing.organizationType'),
    draft.jobTitle.trim() === '' && t('gc.missing.jobTitle'),
    draft.motivation.trim() === '' && t('gc.missing.motivation'),
    consentVersion === null && t('gc.missing.consent'),
  ].filter((field) => field !== false);
  const problems = [
    missing.length > 0 &&
      t('gc.whyMissing', {
        fields: new Intl.ListFormat(localeOf(i18n.language), { type: 'conjunction' }).format(
          missing,
        ),
      }),
    draft.turnover.trim() !== '' && turnover === null && t('gc.turnoverUnreadable'),
    reasons.length > 0 && t('gc.whyRules'),
  ].filter((problem) => problem !== false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length === 0) setConfirming(true);
  };

  const turnoverHint =
    turnover !== null
      ? t('gc.turnoverShown', {
          amount: formatCny(turnover, i18n.language),
          yuan: formatNumber(turnover, i18n.language),
        })
      : draft.turnover.trim() !== ''
        ? t('gc.turnoverUnreadable')
        : t('gc.turnoverExample');

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
        <Field label={t('gc.turnover')} hint={turnoverHint}>
          {(id, hint) => (
            <input
              id={id}
              name="annualTurnoverCny"
              autoComplete="off"
              required
              aria-describedby={hint}
              aria-invalid={draft.turnover.trim() !== '' && turnover === null}
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

        <EvidenceField
          files={evidence}
          retentionDays={rules.evidenceRetentionDays}
          onChange={(files) => {
            setConfirming(false);
            setEvidence(files);
          }}
        />

        <AgreementConsent
          accepted={consentVersion}
          currentVersion={rules.privacyAgreementVersion}
          onChange={(version) => {
            setConfirming(false);
            setConsentVersion(version);
          }}
        />

        <ErrorNote error={submit.error} minTurnover={rules.minAnnualTurnoverCny} />
        {submittedReasons.length > 0 && (
          <ul className="error">
            {submittedReasons.map((reason) => (
              <li key={reason.code}>{reasonText(reason)}</li>
            ))}
          </ul>
        )}
        {confirming && turnover !== null ? (
          <div
            className="confirm-panel"
            role="group"
            aria-labelledby="gc-confirm-title"
            data-testid="gc-confirm"
          >
            <p id="gc-confirm-title">
              <strong>{t('gc.confirmTitle')}</strong>
            </p>
            <dl className="facts">
              <dt>{t('gc.companyName')}</dt>
              <dd>{draft.companyName.trim()}</dd>
              <dt>{t('fields.annualTurnoverCny')}</dt>
              <dd>{formatCny(turnover, i18n.language)}</dd>
              <dt>{t('gc.decisionMakerShort')}</dt>
              <dd>{t(draft.isDecisionMaker === 'yes' ? 'common.yes' : 'common.no')}</dd>
              <dt>{t('gc.organizationType')}</dt>
              <dd>
                {draft.organizationType && t(`gc.organizationTypes.${draft.organizationType}`)}
              </dd>
              <dt>{t('gc.jobTitle')}</dt>
              <dd>{draft.jobTitle.trim()}</dd>
            </dl>
            <p className="muted">{t('gc.confirmNote')}</p>
            <div className="actions">
              <button
                type="button"
                autoFocus
                disabled={submit.isPending}
                onClick={() => submit.mutate()}
              >
                {submit.isPending ? t('gc.sending') : t('gc.confirmSend')}
              </button>
              <button
                type="button"
                className="secondary"
                disabled={submit.isPending}
                onClick={() => setConfirming(false)}
              >
                {t('gc.confirmBack')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions submit-row">
            <button
              type="submit"
              disabled={submit.isPending || problems.length > 0}
              aria-describedby={problems.length > 0 ? 'gc-submit-why' : undefined}
            >
              {t('gc.submit')}
            </button>
            {problems.length > 0 && (
              <div id="gc-submit-why" className="muted why" data-testid="gc-submit-why">
                {problems.map((problem) => (
                  <p key={problem}>{problem}</p>
                ))}
              </div>
            )}
          </div>
        )}
      </form>
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { PrivacyAgreement } from '../../lib/types';

/**
 * The privacy agreement, opened in place, and the consent to it: the box can be ticked
 * once the agreement has been shown. Reports the accepted version, or `null`.
 */
export function AgreementConsent({
  accepted,
  onChange,
  currentVersion,
}: {
  accepted: string | null;
  onChange: (version: string | null) => void;
  currentVersion: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const agreement = useQuery({
    queryKey: ['privacy-agreement'],
    queryFn: () => api<PrivacyAgreement>('/privacy/agreement'),
    enabled: open,
    staleTime: 300_000,
  });
  const version = agreement.data?.version ?? currentVersion;
  return (
    <div className="agreement">
      <button
        type="button"
        className="link"
        aria-expanded={open}
        aria-controls="privacy-agreement"
        onClick={() => setOpen(!open)}
      >
        {open ? t('gc.hideAgreement') : t('gc.readAgreement')}
      </button>
      {open && (
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
          checked={accepted !== null}
          disabled={!agreement.data}
          aria-describedby="consent-hint"
          onChange={(event) => onChange(event.target.checked ? version : null)}
        />
        {t('gc.consent', { version })}
      </label>
      {!agreement.data && (
        <small id="consent-hint" className="muted">
          {t('gc.consentNeeded')}
        </small>
      )}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import type { PrivacyAgreement } from '../lib/types';

/**
 * The privacy agreement in force, public: the server writes it in the language the client
 * asks for (`Accept-Language`), so the query is the language's own.
 */
export function PrivacyPage() {
  const { t, i18n } = useTranslation();
  const agreement = useQuery({
    queryKey: ['privacy-agreement', i18n.language],
    queryFn: () => api<PrivacyAgreement>('/privacy/agreement'),
    staleTime: 300_000,
  });
  if (agreement.isPending) return <Loading />;
  if (agreement.isError) return <ErrorNote error={agreement.error} />;
  const { title, version, body } = agreement.data;
  return (
    <article className="card narrow prose-page" data-testid="privacy-agreement">
      <h1>{title}</h1>
      <p className="muted">{t('privacy.version', { version })}</p>
      {body.split(/\n{2,}/).map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
    </article>
  );
}

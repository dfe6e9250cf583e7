import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorNote } from '../components/ui';
import { api, ApiError } from '../lib/api';
import { MAIL_KINDS, type MailKind } from './settings/EmailPreferences';

/** What a mail's unsubscribe token names (`<member>.<kind>.<signature>`): a kind or the digest. */
function targetOf(token: string): MailKind | 'digest' | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const kind = parts[1];
  if (kind === 'digest') return 'digest';
  return MAIL_KINDS.find((known) => known === kind) ?? null;
}

/**
 * `/unsubscribe?token=…`, the link at the foot of every notification mail: says what stops
 * and asks for a click. Opening the page changes nothing (mail scanners open links).
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const target = targetOf(token);
  const confirm = useMutation({
    mutationFn: () => api<void>('/email/unsubscribe', { method: 'POST', query: { token } }),
  });
  const invalid =
    target === null ||
    (confirm.error instanceof ApiError && confirm.error.code === 'TOKEN_INVALID');
  const what =
    target === 'digest'
      ? t('unsubscribe.digest')
      : target
        ? t('unsubscribe.kind', { kind: t(`emailPrefs.kinds.${target}`) })
        : '';
  return (
    <section className="card narrow">
      <h1>{t('unsubscribe.title')}</h1>
      {invalid ? (
        <div className="error" role="alert" data-testid="unsubscribe-invalid">
          <p>{t('unsubscribe.invalid')}</p>
          <p>
            <Link to="/settings">{t('unsubscribe.settings')}</Link>
          </p>
        </div>
      ) : confirm.isSuccess ? (
        <div className="notice" role="status" data-testid="unsubscribe-done">
          <p>{t('unsubscribe.done', { what })}</p>
          <p>
            <Link to="/settings">{t('unsubscribe.settings')}</Link>
          </p>
        </div>
      ) : (
        <>
          <p data-testid="unsubscribe-what">{what}</p>
          <p className="muted">{t('unsubscribe.later')}</p>
          <ErrorNote error={confirm.error} />
          <div className="actions">
            <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate()}>
              {t('unsubscribe.confirm')}
            </button>
            <Link to="/">{t('unsubscribe.keep')}</Link>
          </div>
        </>
      )}
    </section>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorNote } from '../components/ui';
import { api, ApiError } from '../lib/api';
import { useAuth } from '../lib/auth';

/**
 * `/verify-email?token=…`, the mailed link of a verification or an email change: one button
 * confirms it (opening the page alone changes nothing, so a mail scanner that follows links
 * uses no token). Signed in, the profile is read again, and the banner goes.
 */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { signedIn } = useAuth();
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => api<void>('/auth/verify-email', { method: 'POST', body: { token } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
  const invalidLink =
    !token || (confirm.error instanceof ApiError && confirm.error.code === 'TOKEN_INVALID');
  return (
    <section className="card narrow">
      <h1>{t('verify.title')}</h1>
      {confirm.isSuccess ? (
        <>
          <p className="notice" role="status" data-testid="verify-done">
            {t('verify.done')}
          </p>
          <div className="actions">
            <Link className="button" to={signedIn ? '/settings' : '/login'}>
              {signedIn ? t('verify.toSettings') : t('nav.login')}
            </Link>
          </div>
        </>
      ) : invalidLink ? (
        <div className="error" role="alert" data-testid="verify-invalid">
          <p>{t('verify.invalid')}</p>
          <p>
            <Link to={signedIn ? '/settings' : '/login'}>{t('verify.askAgain')}</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="muted">{t('verify.intro')}</p>
          <ErrorNote error={confirm.error} />
          <div className="actions">
            <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate()}>
              {t('verify.confirm')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

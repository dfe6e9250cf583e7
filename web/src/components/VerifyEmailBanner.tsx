import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import { ErrorNote } from './ui';

/** Mails a new verification link (at most once a minute: the server says when to retry). */
export function useResendVerification() {
  return useMutation({
    mutationFn: () => api<void>('/auth/verify-email/resend', { method: 'POST' }),
  });
}

/**
 * While the member's address is unverified and the site requires verification
 * (`emailVerificationRequired`): what waits for it, where the link went, and a new link.
 */
export function VerifyEmailBanner() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const resend = useResendVerification();
  if (!me || !me.emailVerificationRequired || me.emailVerifiedAt) return null;
  return (
    <div className="notice verify-banner" data-testid="verify-banner">
      <p>{t('verify.banner', { email: me.email })}</p>
      {resend.isSuccess ? (
        <p className="ok" role="status">
          {t('verify.resent', { email: me.email })}
        </p>
      ) : (
        <button
          type="button"
          className="secondary"
          disabled={resend.isPending}
          onClick={() => resend.mutate()}
        >
          {t('verify.resend')}
        </button>
      )}
      <ErrorNote error={resend.error} />
    </div>
  );
}

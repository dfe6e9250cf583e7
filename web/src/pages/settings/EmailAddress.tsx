import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field } from '../../components/ui';
import { useResendVerification } from '../../components/VerifyEmailBanner';
import { api, ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';

/**
 * The member's address: whether it is verified (a new link when not), and a change to a new
 * one, confirmed by the password. The address changes only when the link mailed to the new
 * one is opened; the present one gets a notice.
 */
export function EmailAddressSection() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const resend = useResendVerification();
  const [form, setForm] = useState({ newEmail: '', password: '' });
  const [requested, setRequested] = useState('');
  const change = useMutation({
    mutationFn: (body: { newEmail: string; password: string }) =>
      api<void>('/members/me/email', { method: 'POST', body }),
    onSuccess: (_answer, body) => {
      setRequested(body.newEmail);
      setForm({ newEmail: '', password: '' });
    },
  });
  if (!me) return null;
  const wrongPassword =
    change.error instanceof ApiError && change.error.code === 'PASSWORD_INCORRECT';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRequested('');
    change.mutate({ newEmail: form.newEmail.trim(), password: form.password });
  };
  return (
    <section className="card" aria-labelledby="email-heading" data-testid="email-address">
      <h2 id="email-heading">{t('verify.sectionTitle')}</h2>
      <p className="email-line">
        <span data-testid="current-email">{me.email}</span>{' '}
        {me.emailVerifiedAt ? (
          <span className="ok" data-testid="email-verified">
            · {t('verify.verified')}
          </span>
        ) : (
          <span className="muted" data-testid="email-unverified">
            · {t('verify.unverified')}
          </span>
        )}
      </p>
      {!me.emailVerifiedAt &&
        (resend.isSuccess ? (
          <p className="ok" role="status">
            {t('verify.resent', { email: me.email })}
          </p>
        ) : (
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={resend.isPending}
              onClick={() => resend.mutate()}
            >
              {t('verify.resend')}
            </button>
          </div>
        ))}
      <ErrorNote error={resend.error} />
      <h3>{t('verify.changeTitle')}</h3>
      <form className="form" onSubmit={submit}>
        <Field label={t('verify.newEmail')}>
          {(id) => (
            <input
              id={id}
              name="newEmail"
              type="email"
              autoComplete="email"
              required
              maxLength={254}
              value={form.newEmail}
              onChange={(event) => setForm({ ...form, newEmail: event.target.value })}
            />
          )}
        </Field>
        <Field label={t('verify.password')}>
          {(id) => (
            <input
              id={id}
              name="emailPassword"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={wrongPassword}
              value={form.password}
              onChange={(event) => setForm({ ...form, password: event.target.value })}
            />
          )}
        </Field>
        {wrongPassword ? (
          <p className="error" role="alert">
            {t('verify.passwordWrong')}
          </p>
        ) : (
          <ErrorNote error={change.error} />
        )}
        {requested && (
          <p className="notice" role="status" data-testid="email-change-requested">
            {t('verify.changeRequested', { email: requested, current: me.email })}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={change.isPending}>
            {t('verify.changeSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorNote, Field, NewPasswordField } from '../components/ui';
import { api, ApiError } from '../lib/api';

/** "Forgot password?": asks for a reset link. The answer is the same whatever the address. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const submit = useMutation({
    mutationFn: () =>
      api<void>('/auth/password-reset', { method: 'POST', body: { email: email.trim() } }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  return (
    <section className="card narrow">
      <h1>{t('reset.forgotTitle')}</h1>
      {submit.isSuccess ? (
        <p className="notice" role="status" data-testid="reset-requested">
          {t('reset.requested', { email: email.trim() })}
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit}>
          <p className="muted">{t('reset.forgotIntro')}</p>
          <Field label={t('auth.email')}>
            {(id) => (
              <input
                id={id}
                name="email"
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <ErrorNote error={submit.error} />
          <div className="actions">
            <button type="submit" disabled={submit.isPending}>
              {t('reset.send')}
            </button>
            <Link to="/login">{t('reset.backToLogin')}</Link>
          </div>
        </form>
      )}
    </section>
  );
}

/** `/reset-password?token=…`, the mailed link: the new password, twice. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = useMutation({
    mutationFn: () =>
      api<void>('/auth/password-reset/confirm', {
        method: 'POST',
        body: { token, newPassword: password },
      }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) submit.mutate();
  };
  const invalidLink =
    !token || (submit.error instanceof ApiError && submit.error.code === 'TOKEN_INVALID');
  if (submit.isSuccess) {
    return (
      <section className="card narrow">
        <h1>{t('reset.resetTitle')}</h1>
        <p className="notice" role="status" data-testid="reset-done">
          {t('reset.done')}
        </p>
        <div className="actions">
          <Link className="button" to="/login">
            {t('nav.login')}
          </Link>
        </div>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{t('reset.resetTitle')}</h1>
      {invalidLink ? (
        <div className="error" role="alert" data-testid="reset-invalid">
          <p>{t('reset.invalid')}</p>
          <p>
            <Link to="/forgot-password">{t('reset.askAgain')}</Link>
          </p>
        </div>
      ) : (
        <form className="form" onSubmit={onSubmit}>
          <NewPasswordField
            label={t('reset.newPassword')}
            name="newPassword"
            value={password}
            onChange={setPassword}
          />
          <Field label={t('reset.repeat')}>
            {(id) => (
              <input
                id={id}
                name="repeatPassword"
                type="password"
                autoComplete="new-password"
                required
                value={repeat}
                onChange={(event) => setRepeat(event.target.value)}
              />
            )}
          </Field>
          {mismatch ? (
            <p className="error" role="alert">
              {t('reset.mismatch')}
            </p>
          ) : (
            <ErrorNote error={submit.error} />
          )}
          <div className="actions">
            <button type="submit" disabled={submit.isPending}>
              {t('reset.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

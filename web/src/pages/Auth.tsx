import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorNote, Field, NewPasswordField } from '../components/ui';
import { ApiError } from '../lib/api';
import { useAuth } from '../lib/auth';
import { retryWhen } from '../lib/errors';

/** Only paths of this site: `next=https://evil.example` leads home. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));
  const submit = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: () => void navigate(next, { replace: true }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  // Too many wrong passwords for this email from here: the lockout says how long it lasts.
  const lockedFor =
    submit.error instanceof ApiError && submit.error.code === 'RATE_LIMITED'
      ? submit.error.retryAfterSeconds
      : undefined;
  return (
    <section className="card narrow">
      <h1>{t('auth.loginTitle')}</h1>
      {params.get('expired') && (
        <p className="notice" role="status">
          {t('auth.expired')}
        </p>
      )}
      <form className="form" onSubmit={onSubmit}>
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
        <Field label={t('auth.password')}>
          {(id) => (
            <input
              id={id}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        {lockedFor === undefined ? (
          <ErrorNote error={submit.error} />
        ) : (
          <p className="error" role="alert" data-testid="login-locked">
            {t('auth.lockedOut', { when: retryWhen(lockedFor, i18n.language) })}{' '}
            <Link to="/forgot-password">{t('auth.lockedOutReset')}</Link>
          </p>
        )}
        <p>
          <Link to="/forgot-password" data-testid="forgot-password">
            {t('auth.forgot')}
          </Link>
        </p>
        <div className="actions">
          <button type="submit" disabled={submit.isPending}>
            {t('auth.loginTitle')}
          </button>
          <span className="muted">
            {t('auth.noAccount')}{' '}
            <Link to={`/register?next=${encodeURIComponent(next)}`}>{t('nav.register')}</Link>
          </span>
        </div>
      </form>
    </section>
  );
}

export function RegisterPage() {
  const { t } = useTranslation();
  const { register } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const next = safeNext(params.get('next'));
  const submit = useMutation({
    mutationFn: () => register(email.trim(), password, displayName.trim()),
    onSuccess: () => void navigate(next === '/' ? '/settings' : next, { replace: true }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  return (
    <section className="card narrow">
      <h1>{t('auth.registerTitle')}</h1>
      <form className="form" onSubmit={onSubmit}>
        <Field label={t('auth.displayName')}>
          {(id) => (
            <input
              id={id}
              name="displayName"
              autoComplete="nickname"
              required
              maxLength={50}
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
            />
          )}
        </Field>
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
        <NewPasswordField
          label={t('auth.password')}
          name="password"
          value={password}
          onChange={setPassword}
        />
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="submit" disabled={submit.isPending}>
            {t('nav.register')}
          </button>
          <span className="muted">
            {t('auth.haveAccount')}{' '}
            <Link to={`/login?next=${encodeURIComponent(next)}`}>{t('nav.login')}</Link>
          </span>
        </div>
      </form>
    </section>
  );
}

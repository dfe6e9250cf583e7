import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote, Field, NewPasswordField } from '../../components/ui';
import { api, ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { fieldProblems } from '../../lib/errors';

/**
 * A new password, confirmed by the current one. The server signs every other session out
 * and keeps this one; a wrong current password counts toward the login lockout.
 */
export function ChangePassword() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const change = useMutation({
    mutationFn: () =>
      api('/auth/password', {
        method: 'POST',
        body: { currentPassword: form.current, newPassword: form.next },
      }),
    onSuccess: () => setForm({ current: '', next: '', repeat: '' }),
  });
  const edit = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    if (change.isSuccess) change.reset();
  };
  const mismatch = form.repeat !== '' && form.repeat !== form.next;
  const wrongCurrent = fieldProblems(change.error).some(
    (problem) => problem.field === 'currentPassword',
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) change.mutate();
  };
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('settings.passwordTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <Field label={t('settings.currentPassword')}>
          {(id) => (
            <input
              id={id}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={wrongCurrent}
              aria-describedby={wrongCurrent ? 'current-password-wrong' : undefined}
              value={form.current}
              onChange={(event) => edit({ current: event.target.value })}
            />
          )}
        </Field>
        {wrongCurrent && (
          <p id="current-password-wrong" className="error" role="alert">
            {t('settings.passwordWrongCurrent')}
          </p>
        )}
        <NewPasswordField
          label={t('settings.newPassword')}
          name="newPassword"
          value={form.next}
          onChange={(next) => edit({ next })}
        />
        <Field label={t('settings.repeatPassword')}>
          {(id) => (
            <input
              id={id}
              name="repeatPassword"
              type="password"
              autoComplete="new-password"
              required
              aria-invalid={mismatch}
              aria-describedby={mismatch ? 'repeat-password-mismatch' : undefined}
              value={form.repeat}
              onChange={(event) => edit({ repeat: event.target.value })}
            />
          )}
        </Field>
        {mismatch && (
          <p id="repeat-password-mismatch" className="error-text">
            {t('settings.passwordMismatch')}
          </p>
        )}
        {!wrongCurrent && <ErrorNote error={change.error} />}
        {change.isSuccess && (
          <p className="ok" role="status">
            {t('settings.passwordChanged')}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={change.isPending || mismatch}>
            {t('settings.passwordSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** `laogao-my-data-2026-11-30.json`: the day of the download, in the member's time zone. */
function exportFileName(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `laogao-my-data-${day}.json`;
}

/** Saves `data` as a JSON file through the browser's download. */
function saveJson(data: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Everything held about the member (`GET /api/members/me/export`), as a file of their own. */
export function DownloadMyData() {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: () => api<unknown>('/members/me/export'),
    onSuccess: (data) => saveJson(data, exportFileName(new Date())),
  });
  return (
    <section className="card" aria-labelledby="data-heading">
      <h2 id="data-heading">{t('settings.dataTitle')}</h2>
      <p>{t('settings.dataIntro')}</p>
      <p>
        <Link to="/privacy">{t('privacy.read')}</Link>
      </p>
      <ErrorNote error={download.error} />
      {download.isSuccess && (
        <p className="ok" role="status">
          {t('settings.dataSaved')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          {download.isPending ? t('common.loading') : t('settings.dataDownload')}
        </button>
      </div>
    </section>
  );
}

/** Erasing the account: a clear warning, and the password to confirm it (the API contract). */
export function DeleteAccount() {
  const { t } = useTranslation();
  const { deleteAccount } = useAuth();
  const [password, setPassword] = useState('');
  const erase = useMutation({ mutationFn: () => deleteAccount(password) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    erase.mutate();
  };
  const wrongPassword =
    erase.error instanceof ApiError && erase.error.code === 'PASSWORD_INCORRECT';
  return (
    <section className="card danger-zone" aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">{t('settings.deleteTitle')}</h2>
      <p id="delete-account-warning" className="error">
        {t('settings.deleteWarning')}
      </p>
      <p className="muted">{t('settings.deleteExportFirst')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('settings.deletePassword')}>
          {(id) => (
            <input
              id={id}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-describedby="delete-account-warning"
              aria-invalid={wrongPassword}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <ErrorNote error={erase.error} />
        <div className="actions">
          <button type="submit" className="danger" disabled={erase.isPending || password === ''}>
            {t('settings.deleteSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

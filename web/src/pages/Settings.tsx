import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote, Field, Loading } from '../components/ui';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import { formatDate } from '../lib/format';
import { OPERATOR_TYPES, type OperatorType, type OwnProfile } from '../lib/types';
import { ChangePassword, DeleteAccount, DownloadMyData } from './settings/Account';
import { BlockedMembers } from './settings/BlockedMembers';
import { NetworkSettings } from './settings/NetworkSettings';
import { AvatarSettings } from './settings/AvatarSettings';
import { EmailAddressSection } from './settings/EmailAddress';
import { EmailPreferencesSection } from './settings/EmailPreferences';

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    displayName: '',
    bio: '',
    company: '',
    operatorType: '' as OperatorType | '',
    expertise: '',
  });
  useEffect(() => {
    if (me) {
      setForm({
        displayName: me.displayName,
        bio: me.bio,
        company: me.company,
        operatorType: me.operatorType ?? '',
        expertise: me.expertise.join(', '),
      });
    }
  }, [me]);
  const save = useMutation({
    mutationFn: () =>
      api<OwnProfile>('/members/me', {
        method: 'PATCH',
        body: {
          displayName: form.displayName.trim(),
          bio: form.bio,
          company: form.company,
          ...(form.operatorType ? { operatorType: form.operatorType } : {}),
          expertise: [
            ...new Set(form.expertise.split(/[,，]+/).map((item) => item.trim().toLowerCase())),
          ].filter(Boolean),
        },
      }),
    onSuccess: (profile) => queryClient.setQueryData(['me'], profile),
  });
  if (!me) return <Loading />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <div className="stack narrow">
      <section className="card">
        <h1>{t('profile.editTitle')}</h1>
        <p className="muted">
          {t('profile.email', { email: me.email })} · {t(`roles.${me.role}`)} ·{' '}
          {t(`tiers.${me.tier}`)} · <Link to={`/members/${me.id}`}>{t('profile.title')}</Link>
        </p>
        {me.suspendedUntil && new Date(me.suspendedUntil) > new Date() && (
          <p className="error" role="alert">
            {t('profile.suspendedUntil', { date: formatDate(me.suspendedUntil, i18n.language) })}
          </p>
        )}
        <form className="form" onSubmit={submit}>
          <Field label={t('auth.displayName')}>
            {(id) => (
              <input
                id={id}
                required
                maxLength={50}
                value={form.displayName}
                onChange={(event) => setForm({ ...form, displayName: event.target.value })}
              />
            )}
          </Field>
          <Field label={t('profile.operatorType')}>
            {(id) => (
              <select
                id={id}
                value={form.operatorType}
                onChange={(event) =>
                  setForm({ ...form, operatorType: event.target.value as OperatorType | '' })
                }
              >
                <option value="" disabled={me.operatorType !== null}>
                  {t('operatorTypes.none')}
                </option>
                {OPERATOR_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`operatorTypes.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('profile.company')}>
            {(id) => (
              <input
                id={id}
                maxLength={100}
                value={form.company}
                onChange={(event) => setForm({ ...form, company: event.target.value })}
              />
            )}
          </Field>
          <Field label={t('profile.bio')}>
            {(id) => (
              <textarea
                id={id}
                rows={4}
                maxLength={1000}
                value={form.bio}
                onChange={(event) => setForm({ ...form, bio: event.target.value })}
              />
            )}
          </Field>
          <Field label={t('profile.expertise')}>
            {(id) => (
              <input
                id={id}
                value={form.expertise}
                onChange={(event) => setForm({ ...form, expertise: event.target.value })}
              />
            )}
          </Field>
          <ErrorNote error={save.error} />
          {save.isSuccess && (
            <p className="ok" role="status">
              {t('common.saved')}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={save.isPending}>
              {t('common.save')}
            </button>
          </div>
        </form>
      </section>
      <AvatarSettings />
      <EmailAddressSection />
      <ChangePassword />
      {/* Email address and email preferences: a section of their own here, with email support. */}
      <EmailPreferencesSection />
      <NetworkSettings me={me} />
      <BlockedMembers />
      <DownloadMyData />
      <DeleteAccount />
    </div>
  );
}

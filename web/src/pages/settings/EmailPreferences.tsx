import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { components } from '../../lib/api-schema';

export type EmailPreferences = components['schemas']['EmailPreferencesDto'];
export type MailKind = keyof EmailPreferences['kinds'];
type KindMode = EmailPreferences['kinds'][MailKind];

/** The kinds in the order a member reads them: about their account first, then the community. */
export const MAIL_KINDS: readonly MailKind[] = [
  'application_decided',
  'golden_crown_expiring',
  'tier_revoked',
  'member_suspended',
  'comment_on_post',
  'reply_to_comment',
  'mention',
  'new_follower',
  'direct_message',
  'report_resolved',
];
const MODES: readonly KindMode[] = ['instant', 'digest', 'off'];
const DIGESTS: readonly EmailPreferences['digest'][] = ['daily', 'weekly', 'off'];

const KEY = ['email-preferences'];

/**
 * Which mail the member gets: its language, the digest (daily, weekly or none), and for each
 * kind of notification a mail at once, a line in the digest, or nothing.
 */
export function EmailPreferencesSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stored = useQuery({
    queryKey: KEY,
    queryFn: () => api<EmailPreferences>('/members/me/email-preferences'),
  });
  const [form, setForm] = useState<EmailPreferences | null>(null);
  useEffect(() => {
    if (stored.data) setForm(stored.data);
  }, [stored.data]);
  const save = useMutation({
    mutationFn: (preferences: EmailPreferences) =>
      api<EmailPreferences>('/members/me/email-preferences', { method: 'PUT', body: preferences }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      // The language of mail is the profile's `locale` too.
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const edit = (patch: Partial<EmailPreferences>) => {
    if (!form) return;
    setForm({ ...form, ...patch });
    if (save.isSuccess) save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form) save.mutate(form);
  };
  return (
    <section className="card" aria-labelledby="email-preferences-heading">
      <h2 id="email-preferences-heading">{t('emailPrefs.title')}</h2>
      <p className="muted">{t('emailPrefs.intro')}</p>
      <ErrorNote error={stored.error} />
      {!form ? (
        !stored.error && <Loading />
      ) : (
        <form className="form" onSubmit={submit} data-testid="email-preferences">
          <Field label={t('emailPrefs.locale')}>
            {(id) => (
              <select
                id={id}
                name="locale"
                value={form.locale}
                onChange={(event) =>
                  edit({ locale: event.target.value as EmailPreferences['locale'] })
                }
              >
                <option value="zh">中文</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
          <Field label={t('emailPrefs.digest')} hint={t('emailPrefs.digestHint')}>
            {(id, hint) => (
              <select
                id={id}
                name="digest"
                aria-describedby={hint}
                value={form.digest}
                onChange={(event) =>
                  edit({ digest: event.target.value as EmailPreferences['digest'] })
                }
              >
                {DIGESTS.map((digest) => (
                  <option key={digest} value={digest}>
                    {t(`emailPrefs.digests.${digest}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="email-kinds">
            <legend>{t('emailPrefs.kindsLegend')}</legend>
            {MAIL_KINDS.map((kind) => (
              <Field
                key={kind}
                label={t(`emailPrefs.kinds.${kind}`)}
                hint={kind === 'direct_message' ? t('emailPrefs.directMessageHint') : undefined}
              >
                {(id, hint) => (
                  <select
                    id={id}
                    name={`kind-${kind}`}
                    aria-describedby={hint}
                    value={form.kinds[kind]}
                    onChange={(event) =>
                      edit({ kinds: { ...form.kinds, [kind]: event.target.value as KindMode } })
                    }
                  >
                    {MODES.map((mode) => (
                      <option key={mode} value={mode}>
                        {t(`emailPrefs.modes.${mode}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </fieldset>
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
      )}
    </section>
  );
}

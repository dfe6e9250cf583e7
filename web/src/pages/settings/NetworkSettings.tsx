import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ui';
import { api } from '../../lib/api';
import type { OwnProfile } from '../../lib/types';

const DM_FROM = ['everyone', 'following', 'nobody'] as const;
type DmFrom = (typeof DM_FROM)[number];
type Setting = { listedInDirectory: boolean } | { showCompany: boolean } | { dmFrom: DmFrom };

/** Who finds the member, who sees their company, who may write to them. Saved on change. */
export function NetworkSettings({ me }: { me: OwnProfile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (setting: Setting) =>
      api<OwnProfile>('/members/me', { method: 'PATCH', body: setting }),
    onSuccess: (profile) => queryClient.setQueryData(['me'], profile),
  });
  return (
    <section className="card" aria-labelledby="network-settings">
      <h2 id="network-settings">{t('network.settings')}</h2>
      <div className="form">
        <label className="check">
          <input
            type="checkbox"
            checked={me.listedInDirectory}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ listedInDirectory: event.target.checked })}
          />{' '}
          {t('network.listedInDirectory')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={me.showCompany}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ showCompany: event.target.checked })}
          />{' '}
          {t('network.showCompany')}
        </label>
        <label className="field">
          <span>{t('network.dmFrom')}</span>
          <select
            value={me.dmFrom}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ dmFrom: event.target.value as DmFrom })}
          >
            {DM_FROM.map((value) => (
              <option key={value} value={value}>
                {t(`network.dmFromOptions.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {save.isSuccess && <p className="ok">{t('common.saved')}</p>}
      <ErrorNote error={save.error} />
    </section>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBlocks } from '../../components/MemberActions';
import { Empty, ErrorNote, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDay } from '../../lib/format';

/** Settings: the members one blocked, each with "Unblock". */
export function BlockedMembers() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const blocks = useBlocks();
  const unblock = useMutation({
    mutationFn: (id: string) => api(`/members/${id}/block`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['blocks'] }),
  });
  return (
    <section className="card" data-testid="blocked-members">
      <h2>{t('blocks.title')}</h2>
      <p className="muted">{t('blocks.explain')}</p>
      {blocks.isPending && <Loading />}
      <ErrorNote error={blocks.error ?? unblock.error} />
      {blocks.data?.items.length === 0 && <Empty>{t('blocks.none')}</Empty>}
      <ul className="plain-list">
        {blocks.data?.items.map((member) => (
          <li key={member.id} className="row wrap">
            <Link to={`/members/${member.id}`}>{member.displayName}</Link>
            <span className="muted small">
              {t('blocks.since', { date: formatDay(member.blockedAt, i18n.language) })}
            </span>
            <button
              type="button"
              className="secondary small"
              disabled={unblock.isPending}
              onClick={() => unblock.mutate(member.id)}
            >
              {t('blocks.unblock')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import type { MailSuppression, Page } from '../lib/types';
import { MemberName } from './MemberName';

/**
 * Addresses the mail server refused for good (a 5xx answer): nothing more is sent to them
 * until a moderator clears one (`DELETE /api/moderation/mail-suppressions/:id`, audited).
 */
export function MailSuppressions() {
  const { t } = useTranslation();
  const [cleared, setCleared] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['moderation', 'mail-suppressions'],
    queryFn: ({ pageParam }) =>
      api<Page<MailSuppression>>('/moderation/mail-suppressions', {
        query: { cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div>
      <p className="muted">{t('mod.mail.intro')}</p>
      <p className="ok done-note" role="status" data-testid="mail-suppression-done">
        {cleared && t('mod.mail.cleared', { address: cleared })}
      </p>
      {list.isPending && <Loading />}
      {list.isError && <ErrorNote error={list.error} />}
      {list.isSuccess && items.length === 0 && <Empty>{t('mod.mail.none')}</Empty>}
      <ul className="stack" data-testid="mail-suppressions">
        {items.map((item) => (
          <SuppressionCard key={item.id} item={item} onCleared={setCleared} />
        ))}
      </ul>
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void list.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

function SuppressionCard({
  item,
  onCleared,
}: {
  item: MailSuppression;
  onCleared: (address: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const clear = useMutation({
    mutationFn: () => api(`/moderation/mail-suppressions/${item.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      onCleared(item.address);
      void queryClient.invalidateQueries({ queryKey: ['moderation'] });
    },
  });
  const since = formatDate(item.firstRefusedAt, i18n.language);
  const latest = formatDate(item.lastRefusedAt, i18n.language);
  return (
    <li className="card" data-testid="mail-suppression">
      <p className="meta">
        <strong data-testid="mail-suppression-address">{item.address}</strong>
      </p>
      <dl className="facts">
        <dt>{t('mod.mail.answer')}</dt>
        <dd>
          <code>{item.reason}</code>
        </dd>
        <dt>{t('mod.mail.refused')}</dt>
        <dd>
          <time dateTime={item.firstRefusedAt}>{t('mod.mail.since', { date: since })}</time>
          {latest !== since && (
            <>
              {' · '}
              <time dateTime={item.lastRefusedAt}>{t('mod.mail.latest', { date: latest })}</time>
            </>
          )}
        </dd>
        <dt>{t('mod.mail.member')}</dt>
        <dd>
          {item.member ? <MemberName member={item.member} /> : <span className="muted">—</span>}
        </dd>
      </dl>
      {clear.isError && <ErrorNote error={clear.error} />}
      {confirming ? (
        <div className="actions">
          <span>{t('mod.mail.confirm', { address: item.address })}</span>
          <button type="button" disabled={clear.isPending} onClick={() => clear.mutate()}>
            {t('mod.mail.yes')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {t('mod.mail.clear')}
          </button>
        </div>
      )}
    </li>
  );
}

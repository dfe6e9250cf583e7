import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import type { AuditEntry, Page } from '../lib/types';

export function AuditLog() {
  const { t, i18n } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: ['moderation', 'audit'],
    queryFn: ({ pageParam }) =>
      api<Page<AuditEntry>>('/moderation/audit-log', { query: { cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorNote error={log.error} />;
  if (items.length === 0) return <Empty>{t('mod.queueEmpty')}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('mod.when')}</th>
            <th scope="col">{t('mod.action')}</th>
            <th scope="col">{t('mod.actor')}</th>
            <th scope="col">{t('mod.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
            <tr key={entry.id} data-testid="audit-entry">
              <td>{formatDate(entry.at, i18n.language)}</td>
              <td>
                <code>{entry.action}</code>
                <br />
                <small className="muted">
                  {entry.targetType} {entry.targetId.slice(0, 8)}
                </small>
              </td>
              <td data-testid="audit-actor">
                {entry.actorId === null ? (
                  <span className="badge">{t('mod.system')}</span>
                ) : (
                  <Link to={`/members/${entry.actorId}`}>{entry.actorId.slice(0, 8)}</Link>
                )}
              </td>
              <td>
                <code className="detail">{JSON.stringify(entry.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void log.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Field, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import type { Page, Report } from '../lib/types';

/** Where the reported content is read: the post (a comment's own, at the comment) or the room. */
function targetLink(report: Report): string | null {
  const place = report.content?.place;
  if (!place) return null;
  if (place.type === 'room') return `/rooms/${place.id}`;
  return report.targetType === 'comment'
    ? `/posts/${place.id}#comment-${report.targetId}`
    : `/posts/${place.id}`;
}

export function ReportQueue() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const reports = useInfiniteQuery({
    queryKey: ['moderation', 'reports', status],
    queryFn: ({ pageParam }) =>
      api<Page<Report>>('/moderation/reports', { query: { status, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div>
      <label className="inline">
        {t('mod.statusFilter')}{' '}
        <select
          value={status}
          onChange={(event) => setStatus(event.target.value as 'open' | 'resolved')}
        >
          <option value="open">{t('mod.open')}</option>
          <option value="resolved">{t('mod.resolved')}</option>
        </select>
      </label>
      {reports.isPending && <Loading />}
      {reports.isError && <ErrorNote error={reports.error} />}
      {reports.isSuccess && items.length === 0 && <Empty>{t('mod.queueEmpty')}</Empty>}
      <ul className="stack" data-testid="report-queue">
        {items.map((report) => {
          const link = targetLink(report);
          return (
            <li key={report.id} className="card" data-testid="report">
              <p className="meta">
                <span className="badge">{report.targetType}</span>
                {link ? (
                  <Link to={link}>{t('mod.viewTarget')}</Link>
                ) : (
                  <code>{report.targetId}</code>
                )}
                <time className="muted" dateTime={report.createdAt}>
                  {formatDate(report.createdAt, i18n.language)}
                </time>
              </p>
              <p className="pre">{report.reason}</p>
              {report.status === 'open' && <ResolveForm report={report} />}
            </li>
          );
        })}
      </ul>
      {reports.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void reports.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

function ResolveForm({ report }: { report: Report }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const resolve = useMutation({
    mutationFn: (action: 'dismiss' | 'hide_content') =>
      api<Report>(`/moderation/reports/${report.id}/resolve`, {
        method: 'POST',
        body: { action, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['moderation'] });
      void queryClient.invalidateQueries({ queryKey: ['posts'] });
      void queryClient.invalidateQueries({ queryKey: ['post'] });
    },
  });
  return (
    <div className="form">
      <Field label={t('mod.noteLabel')}>
        {(id) => (
          <input
            id={id}
            maxLength={1000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      <ErrorNote error={resolve.error} />
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={resolve.isPending}
          onClick={() => resolve.mutate('hide_content')}
        >
          {t('mod.hide')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={resolve.isPending}
          onClick={() => resolve.mutate('dismiss')}
        >
          {t('mod.dismiss')}
        </button>
      </div>
    </div>
  );
}

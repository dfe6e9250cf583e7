import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Field, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import type { Page, Report } from '../lib/types';
import { MemberName } from './MemberName';

type ResolveAction = 'dismiss' | 'hide_content';

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
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [done, setDone] = useState<ResolveAction | null>(null);
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
          onChange={(event) => {
            setStatus(event.target.value as 'open' | 'resolved');
            setDone(null);
          }}
        >
          <option value="open">{t('mod.open')}</option>
          <option value="resolved">{t('mod.resolved')}</option>
        </select>
      </label>
      <p className="ok done-note" role="status" data-testid="report-done">
        {done === 'hide_content' && t('mod.hiddenDone')}
        {done === 'dismiss' && t('mod.dismissedDone')}
      </p>
      {reports.isPending && <Loading />}
      {reports.isError && <ErrorNote error={reports.error} />}
      {reports.isSuccess && items.length === 0 && <Empty>{t('mod.queueEmpty')}</Empty>}
      <ul className="stack" data-testid="report-queue">
        {items.map((report) => (
          <ReportCard key={report.id} report={report} onResolved={setDone} />
        ))}
      </ul>
      {reports.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void reports.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

/** One report: what was reported, whose it is, who reported it and why; then the decision. */
function ReportCard({
  report,
  onResolved,
}: {
  report: Report;
  onResolved: (action: ResolveAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const link = targetLink(report);
  const { content } = report;
  return (
    <li className="card report-card" data-testid="report">
      <p className="meta">
        <span className="badge">{t(`mod.targetTypes.${report.targetType}`)}</span>
        {content?.removed && (
          <span className="badge danger">{t(`mod.removed.${content.removed}`)}</span>
        )}
        <time className="muted" dateTime={report.createdAt}>
          {formatDate(report.createdAt, i18n.language)}
        </time>
      </p>
      <section className="reported" aria-label={t('mod.reportedContent')}>
        {content ? (
          <>
            <p className="muted place">
              {t(content.place.type === 'room' ? 'mod.inRoom' : 'mod.inPost', {
                title: content.place.title,
              })}
              {link && (
                <>
                  {' · '}
                  <Link to={link}>{t('mod.openTarget')}</Link>
                </>
              )}
            </p>
            <blockquote className="pre" data-testid="reported-text">
              {content.text}
            </blockquote>
          </>
        ) : (
          <p className="muted">{t('mod.contentGone')}</p>
        )}
      </section>
      <dl className="facts">
        <dt>{t('mod.author')}</dt>
        <dd data-testid="reported-author">
          <MemberName member={report.targetAuthor} />
        </dd>
        <dt>{t('mod.reporter')}</dt>
        <dd data-testid="reporter">
          <MemberName member={report.reporter} />
        </dd>
        <dt>{t('mod.reason')}</dt>
        <dd className="pre">{report.reason}</dd>
      </dl>
      {report.status === 'open' ? (
        <ResolveForm report={report} onResolved={onResolved} />
      ) : (
        report.action &&
        report.resolvedAt && (
          <p className="muted">
            {t('mod.resolvedBy', {
              action: t(`mod.reportActions.${report.action}`),
              name:
                report.resolver && !report.resolver.erased
                  ? report.resolver.displayName
                  : t('mod.deletedMember'),
              date: formatDate(report.resolvedAt, i18n.language),
            })}
            {report.note && (
              <>
                <br />
                {t('mod.resolvedNote', { note: report.note })}
              </>
            )}
          </p>
        )
      )}
    </li>
  );
}

function ResolveForm({
  report,
  onResolved,
}: {
  report: Report;
  onResolved: (action: ResolveAction) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const resolve = useMutation({
    mutationFn: (action: ResolveAction) =>
      api<Report>(`/moderation/reports/${report.id}/resolve`, {
        method: 'POST',
        body: { action, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    onSuccess: (_answer, action) => {
      onResolved(action);
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

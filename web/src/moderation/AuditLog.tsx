import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import type { AuditEntry, Page } from '../lib/types';
import { MemberName } from './MemberName';

/** A role or a tier the detail names (`from`, `to`), in the reader's language. */
function rankLabel(value: unknown, t: TFunction): string {
  const text = String(value);
  return t(`roles.${text}`, { defaultValue: t(`tiers.${text}`, { defaultValue: text }) });
}

/** The parts of an entry's detail a moderator reads (reason, note, roles, dates), as sentences. */
function detailLines(entry: AuditEntry, t: TFunction, language: string): string[] {
  const { detail } = entry;
  const lines: string[] = [];
  if ('from' in detail && 'to' in detail) {
    lines.push(
      t('mod.details.roles', { from: rankLabel(detail.from, t), to: rankLabel(detail.to, t) }),
    );
  }
  if (typeof detail.until === 'string') {
    lines.push(t('mod.details.until', { date: formatDate(detail.until, language) }));
  }
  if (Array.isArray(detail.fields) && detail.fields.length > 0) {
    lines.push(
      t('mod.details.fields', {
        value: detail.fields
          .map((field) => t(`fields.${String(field)}`, { defaultValue: String(field) }))
          .join(', '),
      }),
    );
  }
  for (const key of ['reason', 'note'] as const) {
    const value = detail[key];
    if (typeof value === 'string' && value !== '') {
      lines.push(t(`mod.details.${key}`, { value }));
    }
  }
  return lines;
}

/** What an entry is about: the member it concerns, else the kind of thing (linked when it can be). */
function About({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (entry.member) return <MemberName member={entry.member} />;
  const label = t(`mod.targetTypes.${entry.targetType}`, { defaultValue: entry.targetType });
  if (entry.targetType === 'post') return <Link to={`/posts/${entry.targetId}`}>{label}</Link>;
  if (entry.targetType === 'room') return <Link to={`/rooms/${entry.targetId}`}>{label}</Link>;
  return <span>{label}</span>;
}

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
      <table className="card-table">
        <thead>
          <tr>
            <th scope="col">{t('mod.when')}</th>
            <th scope="col">{t('mod.action')}</th>
            <th scope="col">{t('mod.actor')}</th>
            <th scope="col">{t('mod.about')}</th>
            <th scope="col">{t('mod.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => {
            const lines = detailLines(entry, t, i18n.language);
            return (
              <tr key={entry.id} data-testid="audit-entry">
                <td data-label={t('mod.when')}>
                  <time dateTime={entry.at}>{formatDate(entry.at, i18n.language)}</time>
                </td>
                <td data-label={t('mod.action')}>
                  <strong data-action={entry.action}>
                    {t(`mod.actions.${entry.action}`, { defaultValue: entry.action })}
                  </strong>
                </td>
                <td data-label={t('mod.actor')} data-testid="audit-actor">
                  {entry.actorId === null ? (
                    <span className="badge">{t('mod.system')}</span>
                  ) : (
                    <MemberName member={entry.actor} />
                  )}
                </td>
                <td data-label={t('mod.about')} data-testid="audit-about">
                  <About entry={entry} />
                </td>
                <td data-label={t('mod.detail')}>
                  {lines.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    lines.map((line) => (
                      <span key={line} className="detail-line">
                        {line}
                      </span>
                    ))
                  )}
                </td>
              </tr>
            );
          })}
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

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Field, Loading, TierBadge } from '../components/ui';
import { api } from '../lib/api';
import { formatCny, formatDate } from '../lib/format';
import type { Application, ApplicationReview, ApplicationStatus, Page } from '../lib/types';

const STATUSES: ApplicationStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];

export function ApplicationQueue() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<ApplicationStatus>('pending');
  const [selected, setSelected] = useState<string | null>(null);
  const queue = useInfiniteQuery({
    queryKey: ['moderation', 'applications', status],
    queryFn: ({ pageParam }) =>
      api<Page<Application>>('/moderation/applications', {
        query: { status, cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="split">
      <div>
        <label className="inline">
          {t('mod.statusFilter')}{' '}
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as ApplicationStatus);
              setSelected(null);
            }}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`gc.status.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {queue.isPending && <Loading />}
        {queue.isError && <ErrorNote error={queue.error} />}
        {queue.isSuccess && items.length === 0 && <Empty>{t('mod.queueEmpty')}</Empty>}
        <ul className="queue" data-testid="application-queue">
          {items.map((application) => (
            <li key={application.id}>
              <button
                type="button"
                className={selected === application.id ? 'queue-item active' : 'queue-item'}
                aria-pressed={selected === application.id}
                onClick={() => setSelected(application.id)}
              >
                <strong>{application.companyName}</strong>
                <span>{formatCny(application.annualTurnoverCny, i18n.language)}</span>
                <small className="muted">{formatDate(application.createdAt, i18n.language)}</small>
              </button>
            </li>
          ))}
        </ul>
        {queue.hasNextPage && (
          <button type="button" className="secondary" onClick={() => void queue.fetchNextPage()}>
            {t('common.loadMore')}
          </button>
        )}
      </div>
      <div>
        {selected ? (
          <ApplicationDetail id={selected} onDecided={() => setSelected(null)} />
        ) : (
          <Empty>{t('mod.choose')}</Empty>
        )}
      </div>
    </div>
  );
}

function ApplicationDetail({ id, onDecided }: { id: string; onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const detail = useQuery({
    queryKey: ['moderation', 'application', id],
    queryFn: () => api<ApplicationReview>(`/moderation/applications/${id}`),
  });
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api<Application>(`/moderation/applications/${id}/decision`, {
        method: 'POST',
        body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['moderation'] });
      onDecided();
    },
  });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorNote error={detail.error} />;
  const a = detail.data;
  const money = (value: number) => formatCny(value, i18n.language);
  return (
    <article className="card" data-testid="application-detail">
      <h2>{a.companyName}</h2>
      <dl className="facts">
        <dt>{t('mod.applicant')}</dt>
        <dd>
          {a.applicant ? (
            <>
              <Link to={`/members/${a.applicant.id}`}>{a.applicant.displayName}</Link>{' '}
              <TierBadge tier={a.applicant.tier} />{' '}
              <span className="muted">
                {t(`operatorTypes.${a.applicant.operatorType ?? 'none'}`)}
              </span>
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('gc.turnover')}</dt>
        <dd>{money(a.annualTurnoverCny)}</dd>
        <dt>{t('gc.decisionMaker')}</dt>
        <dd>{a.isDecisionMaker ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('gc.jobTitle')}</dt>
        <dd>{a.jobTitle}</dd>
        <dt>{t('gc.organizationType')}</dt>
        <dd>{t(`gc.organizationTypes.${a.organizationType}`)}</dd>
        <dt>{t('gc.motivation')}</dt>
        <dd className="pre">{a.motivation}</dd>
        <dt>{t('mod.statusFilter')}</dt>
        <dd>{t(`gc.status.${a.status}`)}</dd>
      </dl>
      <h3>{t('mod.earlier')}</h3>
      {a.earlierApplications.length === 0 ? (
        <p className="muted">{t('mod.noEarlier')}</p>
      ) : (
        <ul>
          {a.earlierApplications.map((earlier) => (
            <li key={earlier.id}>
              {formatDate(earlier.createdAt, i18n.language)} · {t(`gc.status.${earlier.status}`)}
              {earlier.decisionReason && ` · ${earlier.decisionReason}`}
            </li>
          ))}
        </ul>
      )}
      {a.status === 'pending' && (
        <div className="form">
          <Field label={t('mod.reasonLabel')}>
            {(fieldId) => (
              <textarea
                id={fieldId}
                rows={3}
                maxLength={1000}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            )}
          </Field>
          <ErrorNote error={decide.error} />
          <div className="actions">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => decide.mutate('approve')}
            >
              {t('mod.approve')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={decide.isPending || reason.trim() === ''}
              onClick={() => decide.mutate('reject')}
            >
              {t('mod.reject')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

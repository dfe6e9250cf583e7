import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PrivateFileLink } from '../components/Prose';
import { Empty, ErrorNote, Field, Loading, TierBadge } from '../components/ui';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import { formatBytes, formatCny, formatDate } from '../lib/format';
import type {
  Application,
  ApplicationReview,
  ApplicationStatus,
  Page,
  QueuedApplication,
} from '../lib/types';
import { MemberName } from './MemberName';

const STATUSES: ApplicationStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];

type Decision = 'approve' | 'reject';

/** What the moderator just decided, said back to them once the detail has closed. */
interface Decided {
  decision: Decision;
  name: string;
  company: string;
}

export function ApplicationQueue() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<ApplicationStatus>('pending');
  const [selected, setSelected] = useState<string | null>(null);
  const [decided, setDecided] = useState<Decided | null>(null);
  const queue = useInfiniteQuery({
    queryKey: ['moderation', 'applications', status],
    queryFn: ({ pageParam }) =>
      api<Page<QueuedApplication>>('/moderation/applications', {
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
              setDecided(null);
            }}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`gc.status.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="ok done-note" role="status" data-testid="decision-done">
          {decided &&
            t(decided.decision === 'approve' ? 'mod.approvedDone' : 'mod.rejectedDone', {
              name: decided.name,
              company: decided.company,
            })}
        </p>
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
                onClick={() => {
                  setSelected(application.id);
                  setDecided(null);
                }}
              >
                <strong className="queue-title">{application.companyName}</strong>
                <span className="queue-figure">
                  {formatCny(application.annualTurnoverCny, i18n.language)}
                </span>
                <span className="queue-line">
                  {application.applicant?.displayName ?? t('mod.deletedMember')} ·{' '}
                  {application.jobTitle} ·{' '}
                  {t(application.isDecisionMaker ? 'mod.decisionMaker' : 'mod.notDecisionMaker')}
                </span>
                <small className="muted queue-line">
                  {t(`gc.organizationTypes.${application.organizationType}`)} ·{' '}
                  {formatDate(application.createdAt, i18n.language)}
                </small>
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
          <ApplicationDetail
            id={selected}
            onDecided={(what) => {
              setSelected(null);
              setDecided(what);
            }}
          />
        ) : (
          <Empty>{t('mod.choose')}</Empty>
        )}
      </div>
    </div>
  );
}

function ApplicationDetail({
  id,
  onDecided,
}: {
  id: string;
  onDecided: (decided: Decided) => void;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<Decision | null>(null);
  const article = useRef<HTMLElement>(null);
  const detail = useQuery({
    queryKey: ['moderation', 'application', id],
    queryFn: () => api<ApplicationReview>(`/moderation/applications/${id}`),
  });
  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      api<Application>(`/moderation/applications/${id}/decision`, {
        method: 'POST',
        body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      }),
    onSuccess: (application, decision) => {
      void queryClient.invalidateQueries({ queryKey: ['moderation'] });
      // A committee vote that decides nothing yet: the detail shows the new count.
      if (application.status === 'pending') {
        setConfirming(null);
        return;
      }
      onDecided({
        decision,
        company: application.companyName,
        name: detail.data?.applicant?.displayName ?? t('mod.deletedMember'),
      });
    },
  });
  // On a phone the detail opens below the queue: bring it into view.
  useEffect(() => {
    if (detail.isSuccess) article.current?.scrollIntoView?.({ block: 'nearest' });
  }, [detail.isSuccess, id]);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorNote error={detail.error} />;
  const a = detail.data;
  const money = (value: number) => formatCny(value, i18n.language);
  const applicantName = a.applicant?.displayName ?? t('mod.deletedMember');
  return (
    <article className="card review" data-testid="application-detail" ref={article}>
      <h2>{a.companyName}</h2>
      <dl className="facts">
        <dt>{t('mod.applicant')}</dt>
        <dd>
          {a.applicant ? (
            <>
              <MemberName member={{ ...a.applicant, erased: false }} />{' '}
              <TierBadge tier={a.applicant.tier} />{' '}
              <span className="muted">
                {t(`operatorTypes.${a.applicant.operatorType ?? 'none'}`)}
              </span>
            </>
          ) : (
            <MemberName member={null} />
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
        <dt>{t('gc.evidence')}</dt>
        <dd data-testid="application-evidence">
          {a.evidence.length === 0 ? (
            <span className="muted">{t('gc.evidenceNone')}</span>
          ) : (
            <ul>
              {a.evidence.map((file, index) => (
                <li key={file.id}>
                  <PrivateFileLink url={file.url}>
                    {t('gc.evidenceFile', { n: index + 1 })}
                  </PrivateFileLink>{' '}
                  <span className="muted">
                    {file.contentType === 'application/pdf' ? 'PDF' : t('gc.evidenceImage')} ·{' '}
                    {formatBytes(file.bytes, i18n.language)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('mod.statusFilter')}</dt>
        <dd>
          {t(`gc.status.${a.status}`)}
          {a.kind === 'renewal' && ` · ${t('gc.renewal')}`}
        </dd>
        <dt>{t('mod.approvalsTitle')}</dt>
        <dd data-testid="application-approvals">
          {a.approvals.length === 0
            ? t('mod.approvalsNone', { required: a.approvalsRequired })
            : t('mod.approvals', { count: a.approvals.length, required: a.approvalsRequired })}
          {a.approvals.length > 0 && (
            <ul>
              {a.approvals.map((approval) => (
                <li key={approval.by}>
                  <MemberName member={approval.voter} />
                  {approval.by === me?.id && ` ${t('mod.youMark')}`}{' '}
                  <span className="muted">{formatDate(approval.at, i18n.language)}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {a.status === 'pending' && (
        <p className="muted" data-testid="application-recusal">
          {a.approvals.some((approval) => approval.by === me?.id) ? `${t('mod.youVoted')} ` : ''}
          {t('mod.recusal')}
        </p>
      )}
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
          {confirming ? (
            <div className="confirm" role="group" aria-label={t(`mod.${confirming}`)}>
              <p>
                {confirming === 'approve'
                  ? t('mod.confirmApprove', { company: a.companyName, name: applicantName })
                  : t('mod.confirmReject', {
                      company: a.companyName,
                      name: applicantName,
                      reason: reason.trim(),
                    })}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className={confirming === 'reject' ? 'danger' : undefined}
                  disabled={decide.isPending || (confirming === 'reject' && reason.trim() === '')}
                  autoFocus
                  onClick={() => decide.mutate(confirming)}
                >
                  {t(confirming === 'approve' ? 'mod.yesApprove' : 'mod.yesReject')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={decide.isPending}
                  onClick={() => setConfirming(null)}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setConfirming('approve')}>
                {t('mod.approve')}
              </button>
              <button
                type="button"
                className="danger"
                disabled={reason.trim() === ''}
                onClick={() => setConfirming('reject')}
              >
                {t('mod.reject')}
              </button>
            </div>
          )}
        </div>
      )}
    </article>
  );
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import { Empty, ErrorNote, Field, Loading, TierBadge } from '../components/ui';
import { api, ApiError } from '../lib/api';
import { isModerator, useAuth } from '../lib/auth';
import { formatCny, formatDate } from '../lib/format';
import type {
  Application,
  ApplicationReview,
  ApplicationStatus,
  AuditEntry,
  ModeratedMember,
  Page,
  Report,
  Role,
} from '../lib/types';

/** The moderator console: a lazily loaded chunk that members never download. */
export default function ModerationPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!me) return <Loading />;
  if (!isModerator(me)) return <ErrorNote error={new ApiError(403, 'FORBIDDEN', '')} />;
  return (
    <section className="moderation">
      <h1>{t('mod.title')}</h1>
      <nav className="tabs" aria-label={t('mod.title')}>
        <NavLink to="/moderation" end>
          {t('mod.applications')}
        </NavLink>
        <NavLink to="/moderation/reports">{t('mod.reports')}</NavLink>
        <NavLink to="/moderation/members">{t('mod.members')}</NavLink>
        <NavLink to="/moderation/audit">{t('mod.audit')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<ApplicationQueue />} />
        <Route path="reports" element={<ReportQueue />} />
        <Route path="members" element={<Members />} />
        <Route path="audit" element={<AuditLog />} />
      </Routes>
    </section>
  );
}

const STATUSES: ApplicationStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];

function ApplicationQueue() {
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

function targetLink(report: Report): string | null {
  if (report.targetType === 'post') return `/posts/${report.targetId}`;
  const postId = report.postId ?? (report.target as Record<string, unknown> | undefined)?.postId;
  if (report.targetType === 'comment' && typeof postId === 'string') return `/posts/${postId}`;
  return null;
}

function ReportQueue() {
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

function Members() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const members = useQuery({
    queryKey: ['moderation', 'members', search],
    queryFn: () => api<Page<ModeratedMember>>('/moderation/members', { query: { q: search } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(q.trim());
  };
  return (
    <div>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="member-search" className="sr-only">
          {t('mod.searchMembers')}
        </label>
        <input
          id="member-search"
          type="search"
          placeholder={t('mod.searchMembers')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <button type="submit">{t('common.search')}</button>
      </form>
      {members.isPending && <Loading />}
      {members.isError && <ErrorNote error={members.error} />}
      {members.data?.items.length === 0 && <Empty>{t('mod.queueEmpty')}</Empty>}
      <ul className="stack">
        {members.data?.items.map((member) => (
          <MemberRow key={member.id} member={member} />
        ))}
      </ul>
    </div>
  );
}

function MemberRow({ member }: { member: ModeratedMember }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const done = () => void queryClient.invalidateQueries({ queryKey: ['moderation'] });
  const suspend = useMutation({
    mutationFn: () =>
      api(`/moderation/members/${member.id}/suspend`, {
        method: 'POST',
        body: { until: new Date(until).toISOString(), reason: reason.trim() },
      }),
    onSuccess: done,
  });
  const unsuspend = useMutation({
    mutationFn: () => api(`/moderation/members/${member.id}/unsuspend`, { method: 'POST' }),
    onSuccess: done,
  });
  const revoke = useMutation({
    mutationFn: () =>
      api(`/moderation/members/${member.id}/tier`, {
        method: 'POST',
        body: { tier: 'standard', reason: reason.trim() },
      }),
    onSuccess: done,
  });
  const role = useMutation({
    mutationFn: (next: Role) =>
      api(`/admin/members/${member.id}/role`, { method: 'PATCH', body: { role: next } }),
    onSuccess: done,
  });
  const suspended = member.suspendedUntil && new Date(member.suspendedUntil) > new Date();
  const onSuspend = (event: FormEvent) => {
    event.preventDefault();
    suspend.mutate();
  };
  return (
    <li className="card" data-testid="member-row">
      <p className="meta">
        <Link to={`/members/${member.id}`}>{member.displayName}</Link>
        {member.email && <span className="muted">{member.email}</span>}
        <span className="badge">{t(`roles.${member.role}`)}</span>
        <TierBadge tier={member.tier} />
        {suspended && member.suspendedUntil && (
          <span className="badge danger">
            {t('mod.suspendedUntil', { date: formatDate(member.suspendedUntil, i18n.language) })}
          </span>
        )}
      </p>
      <form className="row wrap" onSubmit={onSuspend}>
        <Field label={t('mod.suspendUntil')}>
          {(id) => (
            <input
              id={id}
              type="datetime-local"
              value={until}
              onChange={(event) => setUntil(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('mod.suspendReason')}>
          {(id) => (
            <input
              id={id}
              maxLength={1000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="submit"
            className="danger"
            disabled={!until || !reason.trim() || suspend.isPending}
          >
            {t('mod.suspend')}
          </button>
          {suspended && (
            <button type="button" className="secondary" onClick={() => unsuspend.mutate()}>
              {t('mod.unsuspend')}
            </button>
          )}
          {member.tier === 'golden_crown' && (
            <button
              type="button"
              className="secondary"
              disabled={!reason.trim()}
              onClick={() => revoke.mutate()}
            >
              {t('mod.revokeTier')}
            </button>
          )}
          {me?.role === 'admin' && member.id !== me.id && member.role === 'member' && (
            <button type="button" onClick={() => role.mutate('moderator')}>
              {t('mod.makeModerator')}
            </button>
          )}
          {me?.role === 'admin' && member.id !== me.id && member.role === 'moderator' && (
            <button type="button" className="secondary" onClick={() => role.mutate('member')}>
              {t('mod.removeModerator')}
            </button>
          )}
        </div>
      </form>
      <ErrorNote error={suspend.error ?? unsuspend.error ?? revoke.error ?? role.error} />
      {role.isSuccess && <p className="ok">{t('mod.roleChanged')}</p>}
    </li>
  );
}

function AuditLog() {
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

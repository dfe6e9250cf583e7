import { useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import type { components } from '../lib/api-schema';
import { formatNumber } from '../lib/format';
import { EChart } from './EChart';
import './dashboard.css';
import './dashboard.i18n';

type Stats = components['schemas']['StatsDto'];
type Series = components['schemas']['BucketCountDto'][];
type Bucket = 'day' | 'week';

const COLORS = ['#c0392b', '#d4a017', '#2e86c1', '#27ae60', '#8e44ad'] as const;

/** `2026-11-30T00:00:00.000Z` → `11-30` (the axis), the year where it would be ambiguous. */
const label = (start: string, multiYear: boolean) =>
  multiYear ? start.slice(0, 10) : start.slice(5, 10);

/**
 * The moderator's first screen (`GET /api/admin/stats`): members, activity, the Golden
 * Crown funnel and reports, as charts, each with its figures in a table for screen readers.
 */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<{ from: string; to: string; bucket: Bucket }>({
    from: '',
    to: '',
    bucket: 'day',
  });
  const [query, setQuery] = useState(form);
  const stats = useQuery({
    queryKey: ['moderation', 'stats', query],
    queryFn: () =>
      api<Stats>('/admin/stats', {
        query: { from: query.from || undefined, to: query.to || undefined, bucket: query.bucket },
      }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(form);
  };
  const n = (value: number) => formatNumber(value, i18n.language);

  return (
    <div className="dashboard" data-testid="dashboard">
      <p className="muted">{t('dash.intro')}</p>
      <form className="dashboard-range" onSubmit={submit}>
        <label>
          {t('dash.from')}
          <input
            type="date"
            value={form.from}
            onChange={(event) => setForm({ ...form, from: event.target.value })}
          />
        </label>
        <label>
          {t('dash.to')}
          <input
            type="date"
            value={form.to}
            onChange={(event) => setForm({ ...form, to: event.target.value })}
          />
        </label>
        <label>
          {t('dash.bucket')}
          <select
            value={form.bucket}
            onChange={(event) => setForm({ ...form, bucket: event.target.value as Bucket })}
          >
            <option value="day">{t('dash.day')}</option>
            <option value="week">{t('dash.week')}</option>
          </select>
        </label>
        <button type="submit">{t('dash.show')}</button>
      </form>
      {stats.isPending && <Loading />}
      {stats.isError && <ErrorNote error={stats.error} />}
      {stats.data && <Figures stats={stats.data} n={n} />}
    </div>
  );
}

function Figures({ stats, n }: { stats: Stats; n: (value: number) => number | string }) {
  const { t, i18n } = useTranslation();
  const multiYear = stats.from.slice(0, 4) !== stats.to.slice(0, 4);
  const hours = (value: number | null) => (value === null ? t('dash.none') : n(value));
  const { members, activity, applications, moderation } = stats;

  const activityOption = useMemo<EChartsCoreOption>(
    () =>
      timeSeries(
        [
          [t('dash.posts'), activity.postsPerBucket],
          [t('dash.comments'), activity.commentsPerBucket],
          [t('dash.messages'), activity.messagesPerBucket],
          [t('dash.active'), activity.activeMembersPerBucket],
        ],
        multiYear,
        'line',
      ),
    // The language changes the series' names.
    [activity, multiYear, i18n.language],
  );
  const newMembersOption = useMemo<EChartsCoreOption>(
    () => timeSeries([[t('dash.newMembers'), members.newPerBucket]], multiYear, 'bar'),
    [members, multiYear, i18n.language],
  );
  const operatorEntries = Object.entries(members.byOperatorType).map(
    ([key, value]) => [t(`dash.operator.${key}`), value] as [string, number],
  );
  const tierEntries = Object.entries(members.byTier).map(
    ([key, value]) => [t(`dash.tier.${key}`), value] as [string, number],
  );
  const funnelEntries: [string, number][] = [
    [t('dash.submitted'), applications.submitted],
    [t('dash.approved'), applications.approved],
    [t('dash.rejected'), applications.rejected],
    [t('dash.withdrawn'), applications.withdrawn],
    [t('dash.pending'), applications.pending],
  ];
  const refusedEntries = Object.entries(applications.refusedAtPreCheckByRule).map(
    ([key, value]) => [t(`dash.rule.${key}`), value] as [string, number],
  );

  return (
    <>
      <p className="muted" data-testid="dashboard-range">
        {t('dash.range', { from: stats.from, to: stats.to })}
      </p>
      <dl className="dashboard-cards">
        <Card term={t('dash.total')} value={n(members.total)} />
        <Card term={t('dash.pending')} value={n(applications.pending)} />
        <Card term={t('dash.medianDecision')} value={hours(applications.medianHoursToDecision)} />
        <Card term={t('dash.reportsOpened')} value={n(moderation.reportsOpened)} />
        <Card term={t('dash.reportsResolved')} value={n(moderation.reportsResolved)} />
        <Card term={t('dash.medianResolve')} value={hours(moderation.medianHoursToResolve)} />
      </dl>
      <div className="dashboard-grid">
        <Panel title={t('dash.activity')} wide>
          <EChart option={activityOption} label={t('dash.activity')} />
          <SeriesTable
            rows={activity.postsPerBucket.map((bucket, i) => [
              bucket.start.slice(0, 10),
              bucket.count,
              activity.commentsPerBucket[i]?.count ?? 0,
              activity.messagesPerBucket[i]?.count ?? 0,
              activity.activeMembersPerBucket[i]?.count ?? 0,
            ])}
            headings={[
              t('dash.start'),
              t('dash.posts'),
              t('dash.comments'),
              t('dash.messages'),
              t('dash.active'),
            ]}
          />
        </Panel>
        <Panel title={t('dash.newMembers')}>
          <EChart option={newMembersOption} label={t('dash.newMembers')} />
          <SeriesTable
            rows={members.newPerBucket.map((bucket) => [bucket.start.slice(0, 10), bucket.count])}
            headings={[t('dash.start'), t('dash.count')]}
          />
        </Panel>
        <BarPanel title={t('dash.funnel')} entries={funnelEntries} color={COLORS[1]} />
        <BarPanel title={t('dash.refused')} entries={refusedEntries} color={COLORS[0]} />
        <BarPanel title={t('dash.byOperatorType')} entries={operatorEntries} color={COLORS[2]} />
        <BarPanel title={t('dash.byTier')} entries={tierEntries} color={COLORS[3]} />
      </div>
    </>
  );
}

function timeSeries(
  series: [string, Series][],
  multiYear: boolean,
  type: 'line' | 'bar',
): EChartsCoreOption {
  return {
    color: [...COLORS],
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    grid: { left: 8, right: 12, top: series.length > 1 ? 36 : 12, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: (series[0]?.[1] ?? []).map((bucket) => label(bucket.start, multiYear)),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map(([name, data]) => ({
      name,
      type,
      data: data.map((bucket) => bucket.count),
      showSymbol: data.length <= 14,
    })),
  };
}

/** A horizontal bar chart of named figures, and the same figures as a table. */
function BarPanel({
  title,
  entries,
  color,
}: {
  title: string;
  entries: [string, number][];
  color: string;
}) {
  const { t } = useTranslation();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      color: [color],
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: entries.map(([name]) => name) },
      series: [
        {
          type: 'bar',
          data: entries.map(([, value]) => value),
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [entries, color],
  );
  return (
    <Panel title={title}>
      <EChart option={option} label={title} />
      <SeriesTable rows={entries} headings={['', t('dash.count')]} />
    </Panel>
  );
}

function Panel({
  title,
  wide,
  children,
}: {
  title: string;
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <section className={wide ? 'dashboard-panel wide' : 'dashboard-panel'}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Card({ term, value }: { term: string; value: number | string }) {
  return (
    <div className="dashboard-card">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The chart's figures for screen readers and for reading exact values (folded). */
function SeriesTable({ rows, headings }: { rows: (string | number)[][]; headings: string[] }) {
  const { t } = useTranslation();
  return (
    <details className="dashboard-table">
      <summary>{t('dash.figures')}</summary>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {headings.map((heading, i) => (
                <th key={i} scope="col">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

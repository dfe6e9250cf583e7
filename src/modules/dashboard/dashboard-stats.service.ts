import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TtlCache } from '../../common/cache/ttl-cache';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { TIERS } from '../../common/auth/roles';
import { OPERATOR_TYPES } from '../members/member.types';
import { REASON_CODES } from '../membership/golden-crown.rules';
import { StatsRangeInvalidError } from './dashboard.errors';
import type {
  BucketCountDto,
  OperatorTypeCountsDto,
  RefusedByRuleDto,
  StatsBucket,
  StatsDto,
  StatsQuery,
  TierCountsDto,
} from './dto/stats.dto';

const DAY_MS = 24 * 60 * 60_000;
/** Figures are at most this old (SPEC: 10 seconds). */
export const STATS_MAX_AGE_MS = 10_000;
/** The default range: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range, in days, each bucket allows. */
export const MAX_RANGE_DAYS: Record<StatsBucket, number> = { day: 366, week: 157 * 7 };

/** The resolved range: whole UTC days, `[startAt, endAt)`, cut into equal buckets. */
interface StatsRange {
  from: string;
  to: string;
  bucket: StatsBucket;
  startAt: Date;
  endAt: Date;
  stepMs: number;
  buckets: number;
}

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** `YYYY-MM-DD` as UTC midnight, or `null` for a day that does not exist (`2026-02-30`). */
function parseDay(text: string): Date | null {
  const date = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || dayOf(date) !== text ? null : date;
}

/**
 * The moderators' dashboard figures (SPEC "Administration dashboard"). Each series is
 * counted in one grouped, index-backed query over the range; a bucket's index is the
 * whole number of steps from the range's start, so no time zone setting can shift it.
 * Answers are kept up to 10 seconds per (from, to, bucket), in this process, by `CLOCK` (the
 * time `computedAt` is read from, and the one a test moves).
 */
@Injectable()
export class DashboardStatsService {
  private readonly cache = new TtlCache<string, Promise<StatsDto>>(STATS_MAX_AGE_MS, 200, {
    now: () => this.clock.now().getTime(),
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async stats(query: StatsQuery): Promise<StatsDto> {
    const range = this.resolve(query);
    const key = `${range.from}|${range.to}|${range.bucket}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const computing = this.compute(range);
    this.cache.set(key, computing);
    computing.catch(() => this.cache.delete(key));
    return computing;
  }

  /** Defaults, validation, and for weeks the range grown to whole ISO weeks (Monday–Sunday). */
  resolve(query: StatsQuery): StatsRange {
    const bucket = query.bucket ?? 'day';
    const today = parseDay(dayOf(this.clock.now()))!;
    const toDay = query.to === undefined ? today : parseDay(query.to);
    if (!toDay) throw new StatsRangeInvalidError('to', 'to must be a real day', '须为存在的日期');
    const fromDay =
      query.from === undefined
        ? new Date(toDay.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS)
        : parseDay(query.from);
    if (!fromDay) {
      throw new StatsRangeInvalidError('from', 'from must be a real day', '须为存在的日期');
    }
    if (fromDay > toDay) {
      throw new StatsRangeInvalidError('from', 'from must not be after to', '不能晚于结束日期');
    }
    let startAt = fromDay;
    let lastDay = toDay;
    if (bucket === 'week') {
      const sinceMonday = (fromDay.getUTCDay() + 6) % 7;
      startAt = new Date(fromDay.getTime() - sinceMonday * DAY_MS);
      const untilSunday = (7 - toDay.getUTCDay()) % 7;
      lastDay = new Date(toDay.getTime() + untilSunday * DAY_MS);
    }
    const endAt = new Date(lastDay.getTime() + DAY_MS);
    const days = Math.round((endAt.getTime() - startAt.getTime()) / DAY_MS);
    if (days > MAX_RANGE_DAYS[bucket]) {
      throw new StatsRangeInvalidError(
        'from',
        `the range may span at most ${MAX_RANGE_DAYS[bucket]} days for ${bucket} buckets`,
        `按${bucket === 'day' ? '日' : '周'}统计时范围不能超过 ${MAX_RANGE_DAYS[bucket]} 天`,
      );
    }
    const stepMs = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
    return {
      from: dayOf(startAt),
      to: dayOf(lastDay),
      bucket,
      startAt,
      endAt,
      stepMs,
      buckets: Math.round((endAt.getTime() - startAt.getTime()) / stepMs),
    };
  }

  private async compute(range: StatsRange): Promise<StatsDto> {
    const computedAt = this.clock.now();
    const [members, newMembers, activity, applications, refused, reports] = await Promise.all([
      this.memberCounts(),
      this.series(range, 'members'),
      this.activity(range),
      this.applications(range),
      this.refusedByRule(range),
      this.reports(range),
    ]);
    return {
      from: range.from,
      to: range.to,
      bucket: range.bucket,
      computedAt: computedAt.toISOString(),
      members: { ...members, newPerBucket: newMembers },
      activity,
      applications: { ...applications, refusedAtPreCheckByRule: refused },
      moderation: reports,
    };
  }

  /** `[{start, count}]` for every bucket, `0` where the query found nothing. */
  private fill(range: StatsRange, rows: { i: number; n: number }[]): BucketCountDto[] {
    const counts = new Map(rows.map((row) => [Number(row.i), Number(row.n)]));
    return Array.from({ length: range.buckets }, (_, i) => ({
      start: new Date(range.startAt.getTime() + i * range.stepMs).toISOString(),
      count: counts.get(i) ?? 0,
    }));
  }

  /** The SQL of a row's bucket index from its `column`, for `$1` = start and `$3` = step seconds. */
  private static bucketOf(column: string): string {
    return `floor(extract(epoch FROM ${column} - $1::timestamptz) / $3)::int`;
  }

  private params(range: StatsRange): unknown[] {
    return [range.startAt.toISOString(), range.endAt.toISOString(), range.stepMs / 1000];
  }

  private async series(range: StatsRange, table: 'members'): Promise<BucketCountDto[]> {
    const rows = await this.dataSource.query<{ i: number; n: number }[]>(
      `SELECT ${DashboardStatsService.bucketOf('created_at')} AS i, count(*)::int AS n
         FROM ${table} WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`,
      this.params(range),
    );
    return this.fill(range, rows);
  }

  private async memberCounts(): Promise<{
    total: number;
    byOperatorType: OperatorTypeCountsDto;
    byTier: TierCountsDto;
  }> {
    const rows = await this.dataSource.query<
      { operator_type: string | null; tier: string; n: number }[]
    >(
      `SELECT operator_type, tier, count(*)::int AS n FROM members
        WHERE erased_at IS NULL GROUP BY 1, 2`,
    );
    const byOperatorType = Object.fromEntries(
      [...OPERATOR_TYPES, 'unspecified'].map((type) => [type, 0]),
    ) as unknown as OperatorTypeCountsDto;
    const byTier = Object.fromEntries(TIERS.map((tier) => [tier, 0])) as unknown as TierCountsDto;
    let total = 0;
    for (const row of rows) {
      const n = Number(row.n);
      total += n;
      const type = (row.operator_type ?? 'unspecified') as keyof OperatorTypeCountsDto;
      byOperatorType[type] = (byOperatorType[type] ?? 0) + n;
      const tier = row.tier as keyof TierCountsDto;
      byTier[tier] = (byTier[tier] ?? 0) + n;
    }
    return { total, byOperatorType, byTier };
  }

  /** Posts, comments and messages per bucket, and who wrote any of them, in one pass. */
  private async activity(range: StatsRange): Promise<StatsDto['activity']> {
    const part = (kind: string, table: string): string =>
      `SELECT '${kind}' AS k, ${DashboardStatsService.bucketOf('created_at')} AS i, author_id
         FROM ${table} WHERE created_at >= $1 AND created_at < $2`;
    const rows = await this.dataSource.query<
      { i: number; posts: number; comments: number; messages: number; active: number }[]
    >(
      `SELECT i, count(*) FILTER (WHERE k = 'p')::int AS posts,
              count(*) FILTER (WHERE k = 'c')::int AS comments,
              count(*) FILTER (WHERE k = 'm')::int AS messages,
              count(DISTINCT author_id)::int AS active
         FROM (${part('p', 'posts')} UNION ALL ${part('c', 'post_comments')}
               UNION ALL ${part('m', 'messages')}) written
        GROUP BY i`,
      this.params(range),
    );
    const pick = (key: 'posts' | 'comments' | 'messages' | 'active') =>
      this.fill(
        range,
        rows.map((row) => ({ i: row.i, n: row[key] })),
      );
    return {
      postsPerBucket: pick('posts'),
      commentsPerBucket: pick('comments'),
      messagesPerBucket: pick('messages'),
      activeMembersPerBucket: pick('active'),
    };
  }

  /** Submissions by submission time; decisions and withdrawals by the time they happened. */
  private async applications(
    range: StatsRange,
  ): Promise<Omit<StatsDto['applications'], 'refusedAtPreCheckByRule'>> {
    const window = [range.startAt.toISOString(), range.endAt.toISOString()];
    const [[submitted], outcomes, [median], [pending]] = await Promise.all([
      this.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM membership_applications
          WHERE created_at >= $1 AND created_at < $2`,
        window,
      ),
      this.dataSource.query<{ status: string; n: number }[]>(
        `SELECT status::text AS status, count(*)::int AS n FROM membership_application_history
          WHERE at >= $1 AND at < $2 AND status IN ('approved', 'rejected', 'withdrawn')
          GROUP BY 1`,
        window,
      ),
      this.dataSource.query<{ hours: number | null }[]>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM h.at - a.created_at) / 3600) AS hours
           FROM membership_application_history h
           JOIN membership_applications a ON a.id = h.application_id
          WHERE h.at >= $1 AND h.at < $2 AND h.status IN ('approved', 'rejected')`,
        window,
      ),
      this.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM membership_applications WHERE status = 'pending'`,
      ),
    ]);
    const outcome = (status: string): number =>
      Number(outcomes.find((row) => row.status === status)?.n ?? 0);
    return {
      submitted: Number(submitted.n),
      approved: outcome('approved'),
      rejected: outcome('rejected'),
      withdrawn: outcome('withdrawn'),
      pending: Number(pending.n),
      medianHoursToDecision: hours(median.hours),
    };
  }

  private async refusedByRule(range: StatsRange): Promise<RefusedByRuleDto> {
    const rows = await this.dataSource.query<{ rule: string; n: number }[]>(
      `SELECT rule, sum(count)::int AS n FROM golden_crown_precheck_refusals
        WHERE day >= $1::date AND day <= $2::date GROUP BY rule`,
      [range.from, range.to],
    );
    return Object.fromEntries(
      REASON_CODES.map((code) => [code, Number(rows.find((row) => row.rule === code)?.n ?? 0)]),
    ) as unknown as RefusedByRuleDto;
  }

  private async reports(range: StatsRange): Promise<StatsDto['moderation']> {
    const window = [range.startAt.toISOString(), range.endAt.toISOString()];
    const [[opened], [resolved]] = await Promise.all([
      this.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM reports WHERE created_at >= $1 AND created_at < $2`,
        window,
      ),
      this.dataSource.query<{ n: number; hours: number | null }[]>(
        `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM resolved_at - created_at) / 3600) AS hours
           FROM reports WHERE resolved_at >= $1 AND resolved_at < $2`,
        window,
      ),
    ]);
    return {
      reportsOpened: Number(opened.n),
      reportsResolved: Number(resolved.n),
      medianHoursToResolve: hours(resolved.hours),
    };
  }
}

/** Hours to one decimal, or `null` when nothing was decided. */
function hours(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}

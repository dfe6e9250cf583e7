import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import { AuditLogService } from '../audit/audit-log.service';
import { MembersService } from '../members/members.service';
import { ReportableContents } from './content/reportable-contents';
import {
  toReportResponse,
  type CreateReportDto,
  type ListReportsQuery,
  type ReportDto,
  type ReportQueueItemDto,
  type ResolveReportDto,
} from './dto/moderation.dto';
import { ReportAlreadyOpenError, ReportAlreadyResolvedError } from './moderation.errors';
import { REPORT_TARGET_TYPES, Report } from './report.entity';

/** The queue: the oldest report first. */
const OLDEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'r.created_at', kind: 'time' },
    { sql: 'r.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

/** Reports on posts, comments and chat messages, and their resolution by moderators. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectRepository(Report) private readonly reports: Repository<Report>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contents: ReportableContents,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
    private readonly members: MembersService,
  ) {}

  /** A member reports content they can see; one open report per reporter and target. */
  async create(reporter: AuthMember, dto: CreateReportDto): Promise<ReportDto> {
    const target = await this.contents.of(dto.targetType).find(dto.targetId, reporter);
    if (!target) throw new NotFoundError('Content');
    try {
      const report = await this.reports.save(
        this.reports.create({
          reporterId: reporter.id,
          targetType: dto.targetType,
          targetId: dto.targetId,
          targetAuthorId: target.authorId,
          reason: dto.reason,
        }),
      );
      return toReportResponse(report);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ReportAlreadyOpenError();
      }
      throw error;
    }
  }

  /**
   * The queue, oldest first: each report with the content it is about (as a moderator sees
   * it, hidden or deleted), its author, the reporter and who resolved it. One query per
   * kind of content and one for the names, whatever the page's size.
   */
  async list(query: ListReportsQuery): Promise<Page<ReportQueueItemDto>> {
    const builder = this.reports
      .createQueryBuilder('r')
      .where('r.status = :status', { status: query.status });
    const page = await keysetEntityPage(builder, OLDEST_FIRST, query, (report) => report);
    const described = await Promise.all(
      REPORT_TARGET_TYPES.map((type) =>
        this.contents
          .of(type)
          .describe(page.items.filter((r) => r.targetType === type).map((r) => r.targetId)),
      ),
    );
    const contents = new Map(REPORT_TARGET_TYPES.map((type, index) => [type, described[index]]));
    const names = await this.members.namesOf(
      page.items.flatMap((r) => [r.reporterId, r.targetAuthorId, r.resolvedBy]),
    );
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    return {
      items: page.items.map((report) => {
        const content = contents.get(report.targetType)?.get(report.targetId);
        return {
          ...toReportResponse(report),
          reporter: nameOf(report.reporterId),
          targetAuthor: nameOf(report.targetAuthorId),
          resolver: nameOf(report.resolvedBy),
          content: content
            ? {
                text: content.text,
                place: content.place,
                removed: content.removed,
                ...(content.context ? { context: content.context } : {}),
              }
            : null,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Resolves an open report once: `dismiss` leaves the content, `hide_content` hides it
   * (every open report on the same content is resolved with it). Audited in the same
   * transaction; the reporter is notified.
   */
  async resolve(moderator: AuthMember, id: string, dto: ResolveReportDto): Promise<ReportDto> {
    const resolved = await this.dataSource.transaction(async (em) => {
      const report = await em.findOne(Report, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!report) throw new NotFoundError('Report');
      if (report.status !== 'open') {
        throw new ReportAlreadyResolvedError();
      }
      const fields = {
        status: 'resolved' as const,
        action: dto.action,
        resolutionNote: dto.note ?? null,
        resolvedBy: moderator.id,
        resolvedAt: new Date(),
      };
      let others: Report[] = [];
      if (dto.action === 'hide_content') {
        await this.contents.of(report.targetType).hide(em, report.targetId, moderator.id);
        others = await em.find(Report, {
          where: { targetType: report.targetType, targetId: report.targetId, status: 'open' },
        });
        await em.update(Report, { id: In(others.map((other) => other.id)) }, fields);
      } else {
        await em.update(Report, { id }, fields);
      }
      await this.audit.record(em, {
        actorId: moderator.id,
        action: dto.action === 'hide_content' ? 'report.content_hidden' : 'report.dismissed',
        targetType: report.targetType,
        targetId: report.targetId,
        detail: {
          reportId: report.id,
          note: dto.note ?? null,
          alsoResolved: others.filter((o) => o.id !== id).map((o) => o.id),
        },
      });
      return { ...report, ...fields, others: others.filter((o) => o.id !== id) };
    });

    if (dto.action === 'hide_content') {
      await this.contents.of(resolved.targetType).afterHide?.(resolved.targetId);
    }
    for (const report of [resolved, ...resolved.others]) {
      await this.events.emitAndWait('report.resolved', {
        reportId: report.id,
        reporterId: report.reporterId,
        action: dto.action,
        targetType: report.targetType,
        targetId: report.targetId,
        resolvedBy: moderator.id,
      });
    }
    return toReportResponse(resolved);
  }
}

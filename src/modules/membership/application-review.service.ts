import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, LessThan, Repository } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { PublicProfileDto } from '../members/dto/member.dto';
import { MembersService } from '../members/members.service';
import { AuditLogService } from '../audit/audit-log.service';
import { ApplicationHistoryEntry } from './application-history.entity';
import { ApplicationQueries } from './application-queries';
import type { ApplicationQueueItemDto } from './dto/application-queue.dto';
import type { DecisionDto, ReviewQueueQuery, RevokeTierDto } from './dto/application-request.dto';
import type { ApplicationDto, ApplicationReviewDto } from './dto/application-response.dto';
import { ApplicationAlreadyDecidedError, NotGoldenCrownError } from './membership.errors';
import { MembershipApplication } from './membership-application.entity';

/** The review queue: the oldest application first. */
const OLDEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'application.created_at', kind: 'time' },
    { sql: 'application.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

/** The moderators' side: the review queue, the review detail, decisions and revocations. */
@Injectable()
export class ApplicationReviewService {
  constructor(
    @InjectRepository(MembershipApplication)
    private readonly applications: Repository<MembershipApplication>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: ApplicationQueries,
    private readonly members: MembersService,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Applications in one status (default `pending`), oldest first, `(createdAt, id)` keyset
   * pages, each with its applicant's name (`null` once they erased their account).
   */
  async queue(query: ReviewQueueQuery): Promise<Page<ApplicationQueueItemDto>> {
    const builder = this.applications
      .createQueryBuilder('application')
      .where('application.status = :status', { status: query.status });
    const page = await keysetEntityPage(builder, OLDEST_FIRST, query, (row) => row);
    const [dtos, names] = await Promise.all([
      this.queries.toDtos(page.items),
      this.members.namesOf(page.items.map((application) => application.applicantId)),
    ]);
    const applicantOf = (id: string) => {
      const name = names.get(id);
      return name && !name.erased ? name : null;
    };
    return {
      items: dtos.map((dto) => ({ ...dto, applicant: applicantOf(dto.applicantId) })),
      nextCursor: page.nextCursor,
    };
  }

  /** The application with its applicant's public profile and their earlier applications. */
  async review(id: string): Promise<ApplicationReviewDto> {
    const application = await this.queries.findById(id);
    if (!application) throw new NotFoundError('Application');
    const earlier = await this.applications.find({
      where: { applicantId: application.applicantId, createdAt: LessThan(application.createdAt) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const [dto, ...earlierDtos] = await this.queries.toDtos([application, ...earlier]);
    return {
      ...dto,
      applicant: await this.profileOrNull(application.applicantId),
      earlierApplications: earlierDtos,
    };
  }

  private async profileOrNull(memberId: string): Promise<PublicProfileDto | null> {
    const member = await this.members.findActive(memberId);
    return member ? this.members.getPublicProfile(memberId) : null;
  }

  /**
   * Approves or rejects a pending application, in one transaction: the conditional
   * status change (`WHERE status = 'pending'`, affected rows checked, so of two
   * moderators deciding at once exactly one wins), the history row, the tier on approval
   * and the audit row. The applicant hears of it through `application.decided`, raised
   * after the commit.
   */
  async decide(moderator: AuthMember, id: string, dto: DecisionDto): Promise<ApplicationDto> {
    const application = await this.queries.findById(id);
    if (!application) throw new NotFoundError('Application');
    if (application.applicantId === moderator.id) {
      throw new ForbiddenError('Moderators cannot decide their own application');
    }
    const status = dto.decision === 'approve' ? 'approved' : 'rejected';
    const reason = dto.reason ?? null;
    const { applicantId } = application;

    await this.dataSource.transaction(async (em) => {
      const result = await em.update(
        MembershipApplication,
        { id, status: 'pending' },
        { status, decisionReason: reason, decidedBy: moderator.id, decidedAt: () => 'now()' },
      );
      if (!result.affected) throw new ApplicationAlreadyDecidedError();
      await em.insert(ApplicationHistoryEntry, {
        applicationId: id,
        status,
        actorId: moderator.id,
      });
      if (status === 'approved') await this.members.setTier(em, applicantId, 'golden_crown');
      await this.audit.record(em, {
        actorId: moderator.id,
        action:
          status === 'approved'
            ? 'membership_application.approved'
            : 'membership_application.rejected',
        targetType: 'membership_application',
        targetId: id,
        detail: { applicantId, reason },
      });
    });

    if (status === 'approved') await this.members.changed(applicantId);
    // Awaited: the applicant's notification is stored before this answer returns.
    await this.events.emitAndWait('application.decided', {
      applicationId: id,
      applicantId,
      decision: status,
      reason,
      decidedBy: moderator.id,
    });
    return this.queries.dtoById(id);
  }

  /** Takes Golden Crown away from a member (audited; the member hears of it by event). */
  async revokeGoldenCrown(
    moderator: AuthMember,
    memberId: string,
    dto: RevokeTierDto,
  ): Promise<PublicProfileDto> {
    if (moderator.id === memberId) {
      throw new ForbiddenError('You cannot revoke your own Golden Crown');
    }
    const member = await this.members.findActive(memberId);
    if (!member) throw new NotFoundError('Member');
    // Moderators revoke only from members; admins from anyone but themselves.
    if (moderator.role !== 'admin' && member.role !== 'member') {
      throw new ForbiddenError('Only an admin may revoke the Golden Crown of a moderator or admin');
    }
    if (member.tier !== 'golden_crown') throw new NotGoldenCrownError();
    await this.dataSource.transaction(async (em) => {
      // Conditional: of two moderators revoking at once, one moves the tier, one is told.
      if (!(await this.members.moveTier(em, memberId, 'golden_crown', dto.tier))) {
        throw new NotGoldenCrownError();
      }
      await this.audit.record(em, {
        actorId: moderator.id,
        action: 'member.tier_revoked',
        targetType: 'member',
        targetId: memberId,
        detail: { from: 'golden_crown', to: dto.tier, reason: dto.reason },
      });
    });
    await this.members.changed(memberId);
    await this.events.emitAndWait('member.tier_revoked', {
      memberId,
      reason: dto.reason,
      revokedBy: moderator.id,
    });
    return this.members.getPublicProfile(memberId);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, LessThan, Repository, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { MemberNameDto, PublicProfileDto } from '../members/dto/member.dto';
import { MembersService } from '../members/members.service';
import { AuditLogService } from '../audit/audit-log.service';
import { ApplicationHistoryEntry } from './application-history.entity';
import { ApplicationQueries } from './application-queries';
import type { ApplicationQueueItemDto } from './dto/application-queue.dto';
import type { DecisionDto, ReviewQueueQuery, RevokeTierDto } from './dto/application-request.dto';
import type {
  ApplicationDto,
  ApplicationReviewDto,
  ReviewedApprovalDto,
} from './dto/application-response.dto';
import { ApplicationVote } from './application-vote.entity';
import { GoldenCrownTermService } from './golden-crown-term.service';
import {
  AlreadyVotedError,
  ApplicationAlreadyDecidedError,
  NotGoldenCrownError,
  RecusalRequiredError,
} from './membership.errors';
import { MembershipApplication } from './membership-application.entity';
import type { ApplicationStatus } from './membership.types';
import { AppConfigService } from '../../config/app-config.service';

/** A company name as recusal compares it: trimmed, case-insensitive. */
function normalizeCompany(name: string): string {
  return name.trim().toLowerCase();
}

/** The application's approving votes with their voters' names, as moderators review them. */
function withVoters<T extends ApplicationDto>(
  dto: T,
  names: ReadonlyMap<string, MemberNameDto>,
): T & { approvals: ReviewedApprovalDto[] } {
  return {
    ...dto,
    approvals: dto.approvals.map((approval) => ({
      ...approval,
      voter: names.get(approval.by) ?? null,
    })),
  };
}

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
    private readonly term: GoldenCrownTermService,
    private readonly config: AppConfigService,
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
    const dtos = await this.queries.toDtos(page.items);
    const names = await this.members.namesOf(
      dtos.flatMap((dto) => [dto.applicantId, ...dto.approvals.map((approval) => approval.by)]),
    );
    const applicantOf = (id: string) => {
      const name = names.get(id);
      return name && !name.erased ? name : null;
    };
    return {
      items: dtos.map((dto) => ({
        ...withVoters(dto, names),
        applicant: applicantOf(dto.applicantId),
      })),
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
    const [voters, applicant] = await Promise.all([
      this.members.namesOf(dto.approvals.map((approval) => approval.by)),
      this.profileOrNull(application.applicantId),
    ]);
    return {
      ...withVoters(dto, voters),
      applicant,
      earlierApplications: earlierDtos,
    };
  }

  private async profileOrNull(memberId: string): Promise<PublicProfileDto | null> {
    const member = await this.members.findActive(memberId);
    return member ? this.members.getPublicProfile(memberId) : null;
  }

  /**
   * A moderator's decision: with `GOLDEN_CROWN_APPROVALS_REQUIRED` above 1 an `approve` is a
   * committee vote, and the application is approved once that many distinct moderators
   * have voted; one `reject` (with its reason) rejects. In one transaction that first
   * locks the application row (`FOR UPDATE`), so votes on one application are taken one
   * at a time, whatever the processes: the checks (`APPLICATION_ALREADY_DECIDED` before
   * `ALREADY_VOTED`), the vote, the history rows, the status change, the term on approval
   * and the audit rows. The applicant hears of the decision through `application.decided`,
   * raised after the commit; a vote that decides nothing tells them nothing.
   */
  async decide(moderator: AuthMember, id: string, dto: DecisionDto): Promise<ApplicationDto> {
    const application = await this.queries.findById(id);
    if (!application) throw new NotFoundError('Application');
    await this.assertNotRecused(moderator, application);
    const reason = dto.reason ?? null;
    const { applicantId } = application;
    const required = this.config.get('GOLDEN_CROWN_APPROVALS_REQUIRED');

    const outcome = await this.dataSource.transaction(async (em) => {
      const [locked] = await em.query<{ status: ApplicationStatus }[]>(
        `SELECT status FROM membership_applications WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!locked || locked.status !== 'pending') throw new ApplicationAlreadyDecidedError();
      const voted = await em.existsBy(ApplicationVote, {
        applicationId: id,
        moderatorId: moderator.id,
      });
      if (voted) throw new AlreadyVotedError();

      if (dto.decision === 'reject') {
        await this.settle(em, moderator, id, 'rejected', reason);
        await this.audit.record(em, {
          actorId: moderator.id,
          action: 'membership_application.rejected',
          targetType: 'membership_application',
          targetId: id,
          detail: { applicantId, reason },
        });
        return { status: 'rejected' as const, until: null };
      }

      await em.insert(ApplicationVote, {
        applicationId: id,
        moderatorId: moderator.id,
        at: () => 'clock_timestamp()',
      });
      const approvals = await em.countBy(ApplicationVote, { applicationId: id });
      if (required > 1) {
        await em.insert(ApplicationHistoryEntry, {
          applicationId: id,
          status: 'pending',
          vote: 'approve',
          actorId: moderator.id,
          at: () => 'clock_timestamp()',
        });
        await this.audit.record(em, {
          actorId: moderator.id,
          action: 'membership_application.voted',
          targetType: 'membership_application',
          targetId: id,
          detail: { applicantId, vote: 'approve', approvals, approvalsRequired: required },
        });
      }
      if (approvals < required) return { status: 'pending' as const, until: null };

      await this.settle(em, moderator, id, 'approved', reason);
      const until = await this.term.grant(em, applicantId);
      await this.audit.record(em, {
        actorId: moderator.id,
        action: 'membership_application.approved',
        targetType: 'membership_application',
        targetId: id,
        detail: {
          applicantId,
          reason,
          kind: application.kind,
          goldenCrownUntil: until.toISOString(),
          ...(required > 1 ? { approvals, approvalsRequired: required } : {}),
        },
      });
      return { status: 'approved' as const, until };
    });

    if (outcome.status === 'approved') await this.members.changed(applicantId);
    if (outcome.status !== 'pending') {
      // Awaited: the applicant's notification is stored before this answer returns.
      await this.events.emitAndWait('application.decided', {
        applicationId: id,
        applicantId,
        decision: outcome.status,
        reason,
        decidedBy: moderator.id,
      });
    }
    return this.queries.dtoById(id);
  }

  /**
   * Recusal: no moderator decides their own application, or one whose company is their own
   * profile's (trimmed, case-insensitive).
   */
  private async assertNotRecused(
    moderator: AuthMember,
    application: MembershipApplication,
  ): Promise<void> {
    if (application.applicantId === moderator.id) throw new RecusalRequiredError('own');
    const profile = await this.members.findActive(moderator.id);
    const own = normalizeCompany(profile?.company ?? '');
    if (own !== '' && own === normalizeCompany(application.companyName)) {
      throw new RecusalRequiredError('company');
    }
  }

  /**
   * The status change (the row is locked and pending) and its history row, both at the
   * database's present instant (after any vote row of this transaction).
   */
  private async settle(
    em: EntityManager,
    moderator: AuthMember,
    id: string,
    status: 'approved' | 'rejected',
    reason: string | null,
  ): Promise<void> {
    await em.update(
      MembershipApplication,
      { id, status: 'pending' },
      {
        status,
        decisionReason: reason,
        decidedBy: moderator.id,
        decidedAt: () => 'clock_timestamp()',
      },
    );
    await em.query(
      `INSERT INTO membership_application_history (application_id, status, actor_id, at)
       SELECT id, status::text::membership_application_history_status_enum, decided_by, decided_at
       FROM membership_applications WHERE id = $1`,
      [id],
    );
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
      await this.members.setGoldenCrownUntil(em, memberId, null);
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

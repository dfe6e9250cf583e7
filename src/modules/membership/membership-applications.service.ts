import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Language } from '../../common/i18n/language';
import { AppConfigService } from '../../config/app-config.service';
import { hasRole } from '../members/member.types';
import { MembersService } from '../members/members.service';
import { PrivacyService } from '../privacy/privacy.service';
import { UploadsService } from '../uploads/uploads.service';
import { ApplicationHistoryEntry } from './application-history.entity';
import { ApplicationQueries } from './application-queries';
import type { CreateApplicationDto, GoldenCrownCriteriaDto } from './dto/application-request.dto';
import type {
  ApplicationDto,
  EligibilityDto,
  GoldenCrownRulesDto,
  MyApplicationsDto,
} from './dto/application-response.dto';
import { GoldenCrownRuleSet } from './golden-crown.rules';
import { mayRenew } from './golden-crown-term.service';
import type { ApplicationKind } from './membership.types';
import {
  AlreadyMemberError,
  ApplicationAlreadyDecidedError,
  ApplicationAlreadyOpenError,
  ApplicationIneligibleError,
  PrivacyConsentRequiredError,
  ReapplyTooSoonError,
} from './membership.errors';
import { MembershipApplication, PENDING_APPLICATION_INDEX } from './membership-application.entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The applicant's side: the rules, the pre-check, submitting, following and withdrawing. */
@Injectable()
export class MembershipApplicationsService {
  constructor(
    @InjectRepository(MembershipApplication)
    private readonly applications: Repository<MembershipApplication>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ruleSet: GoldenCrownRuleSet,
    private readonly queries: ApplicationQueries,
    private readonly privacy: PrivacyService,
    private readonly config: AppConfigService,
    private readonly members: MembersService,
    private readonly uploads: UploadsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  rules(): GoldenCrownRulesDto {
    return {
      version: this.ruleSet.version,
      minAnnualTurnoverCny: this.ruleSet.settings.minAnnualTurnoverCny,
      decisionMakerRequired: true,
      thirdPartyServiceProvidersExcluded: true,
      privacyAgreementVersion: this.privacy.currentAgreementVersion(),
      reapplyAfterDays: this.config.get('GOLDEN_CROWN_REAPPLY_AFTER_DAYS'),
      approvalsRequired: this.config.get('GOLDEN_CROWN_APPROVALS_REQUIRED'),
      termDays: this.config.get('GOLDEN_CROWN_TERM_DAYS'),
      evidenceRetentionDays: this.config.get('GOLDEN_CROWN_EVIDENCE_RETENTION_DAYS'),
    };
  }

  /** The pre-check: the same evaluation as a submission; stores nothing. */
  checkEligibility(criteria: GoldenCrownCriteriaDto, language: Language): EligibilityDto {
    return this.ruleSet.evaluate(criteria, language);
  }

  /**
   * Submits an application. The checks run in this order, the first failure answering:
   *
   * 1. the body's shape (the validation pipe): `400 VALIDATION_FAILED`;
   * 2. consent to the current privacy agreement: `422 PRIVACY_CONSENT_REQUIRED`;
   * 3. already Golden Crown: `409 ALREADY_MEMBER`, except inside the renewal window (from
   *    `goldenCrownUntil` minus 60 days), where the application is a `renewal`;
   * 4. an open application: `409 APPLICATION_ALREADY_OPEN`;
   * 5. a rejection less than `GOLDEN_CROWN_REAPPLY_AFTER_DAYS` ago: `409 REAPPLY_TOO_SOON`;
   * 6. the rules: `422 APPLICATION_INELIGIBLE`, listing every failed rule.
   *
   * Checks that need nothing but the request come first; then the member's standing,
   * which no change to the answers could fix; the rules last, so their reasons are
   * only shown to someone who may actually apply now. A refusal stores nothing. The
   * application, its first history row and the consent are written in one transaction,
   * and the partial unique index settles a race between two submissions (4 again).
   */
  async submit(
    member: AuthMember,
    dto: CreateApplicationDto,
    language: Language,
  ): Promise<ApplicationDto> {
    const agreementVersion = this.privacy.currentAgreementVersion();
    if (dto.privacyConsent !== true || dto.privacyAgreementVersion !== agreementVersion) {
      throw new PrivacyConsentRequiredError(agreementVersion);
    }
    const kind = await this.kindFor(member);
    if (await this.applications.existsBy({ applicantId: member.id, status: 'pending' })) {
      throw new ApplicationAlreadyOpenError();
    }
    const reapplyAt = await this.reapplyAt(member.id);
    if (reapplyAt) throw new ReapplyTooSoonError(reapplyAt);
    const eligibility = this.ruleSet.evaluate(dto, language);
    if (!eligibility.eligible) throw new ApplicationIneligibleError(eligibility.reasons);

    let id: string;
    try {
      id = await this.dataSource.transaction(async (em) => {
        const application = await em.save(
          em.create(MembershipApplication, {
            applicantId: member.id,
            status: 'pending',
            kind,
            companyName: dto.companyName,
            annualTurnoverCny: dto.annualTurnoverCny,
            isDecisionMaker: dto.isDecisionMaker,
            jobTitle: dto.jobTitle,
            organizationType: dto.organizationType,
            motivation: dto.motivation,
            privacyAgreementVersion: agreementVersion,
            rulesVersion: this.ruleSet.version,
          }),
        );
        await em.insert(ApplicationHistoryEntry, {
          applicationId: application.id,
          status: 'pending',
          actorId: member.id,
        });
        await this.privacy.recordConsent(em, {
          memberId: member.id,
          agreementVersion,
          purpose: 'golden_crown_application',
          subjectId: application.id,
        });
        const evidence = dto.evidenceUploadIds ?? [];
        if (!(await this.uploads.citeEvidence(em, member.id, application.id, evidence))) {
          throw new ValidationFailedError([
            {
              field: 'evidenceUploadIds',
              messages: [
                {
                  en: 'evidenceUploadIds must name your own application_evidence uploads that no other application cites',
                  zh: '证明材料须是您本人上传、且未被其他申请使用的文件',
                },
              ],
            },
          ]);
        }
        return application.id;
      });
    } catch (error) {
      if (isUniqueViolation(error, PENDING_APPLICATION_INDEX))
        throw new ApplicationAlreadyOpenError();
      throw error;
    }
    return this.queries.dtoById(id);
  }

  /**
   * What the member may submit now: an `application` while not Golden Crown, a `renewal`
   * inside their term's renewal window; otherwise `409 ALREADY_MEMBER`.
   */
  private async kindFor(member: AuthMember): Promise<ApplicationKind> {
    if (member.tier !== 'golden_crown') return 'application';
    const record = await this.members.findActive(member.id);
    if (record && mayRenew(record, this.clock.now())) return 'renewal';
    throw new AlreadyMemberError();
  }

  /**
   * While a rejection holds the member back, when they may apply again: the last rejection
   * plus the wait; `null` once that moment has passed, or without a rejection (a withdrawal
   * starts no wait).
   */
  private async reapplyAt(applicantId: string): Promise<Date | null> {
    const last = await this.applications.findOne({
      where: { applicantId, status: 'rejected' },
      order: { decidedAt: { direction: 'DESC', nulls: 'LAST' } },
    });
    if (!last?.decidedAt) return null;
    const waitDays = this.config.get('GOLDEN_CROWN_REAPPLY_AFTER_DAYS');
    const reapplyAt = new Date(last.decidedAt.getTime() + waitDays * DAY_MS);
    return reapplyAt > new Date() ? reapplyAt : null;
  }

  /**
   * The member's own applications, newest first (a short list: one page), and the moment
   * they may apply again while a rejection holds them back: the same rule `submit` applies.
   */
  async listMine(member: AuthMember): Promise<MyApplicationsDto> {
    const [applications, reapplyAt] = await Promise.all([
      this.applications.find({
        where: { applicantId: member.id },
        order: { createdAt: 'DESC', id: 'DESC' },
      }),
      this.reapplyAt(member.id),
    ]);
    return {
      items: await this.queries.toDtos(applications),
      nextCursor: null,
      reapplyAt: reapplyAt?.toISOString() ?? null,
    };
  }

  /** An application for its applicant or a moderator; anyone else is told it does not exist. */
  async getVisible(viewer: AuthMember, id: string): Promise<ApplicationDto> {
    const application = await this.queries.findById(id);
    if (
      !application ||
      (application.applicantId !== viewer.id && !hasRole(viewer.role, 'moderator'))
    ) {
      throw new NotFoundError('Application');
    }
    return this.queries.toDto(application);
  }

  /** The applicant takes back a pending application. Starts no re-apply wait. */
  async withdraw(member: AuthMember, id: string): Promise<ApplicationDto> {
    const application = await this.queries.findById(id);
    if (!application || application.applicantId !== member.id) {
      throw new NotFoundError('Application');
    }
    await this.dataSource.transaction(async (em) => {
      const result = await em.update(
        MembershipApplication,
        { id, applicantId: member.id, status: 'pending' },
        { status: 'withdrawn' },
      );
      if (!result.affected) throw new ApplicationAlreadyDecidedError();
      await em.insert(ApplicationHistoryEntry, {
        applicationId: id,
        status: 'withdrawn',
        actorId: member.id,
      });
    });
    return this.queries.dtoById(id);
  }
}

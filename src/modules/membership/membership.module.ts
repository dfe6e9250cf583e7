import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { AuditModule } from '../audit/audit.module';
import { MembersModule } from '../members/members.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { UploadsModule } from '../uploads/uploads.module';
import { ApplicationHistoryEntry } from './application-history.entity';
import { ApplicationQueries } from './application-queries';
import { ApplicationReviewController } from './application-review.controller';
import { ApplicationReviewService } from './application-review.service';
import { ApplicationVote } from './application-vote.entity';
import { GoldenCrownReminder } from './golden-crown-reminder.entity';
import { GoldenCrownTermService } from './golden-crown-term.service';
import { GoldenCrownTermsJob } from './golden-crown-terms.job';
import { GoldenCrownRuleSet } from './golden-crown.rules';
import { MembershipApplication } from './membership-application.entity';
import { MembershipApplicationsService } from './membership-applications.service';
import { MembershipController } from './membership.controller';
import { GoldenCrownTermPersonalData, MembershipPersonalData } from './membership.personal-data';

/** The Golden Crown Club: its rules, applications and their review. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      MembershipApplication,
      ApplicationHistoryEntry,
      ApplicationVote,
      GoldenCrownReminder,
    ]),
    AuditModule,
    MembersModule,
    PrivacyModule,
    UploadsModule,
  ],
  controllers: [MembershipController, ApplicationReviewController],
  providers: [
    {
      provide: GoldenCrownRuleSet,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) =>
        new GoldenCrownRuleSet({
          minAnnualTurnoverCny: config.get('GOLDEN_CROWN_MIN_TURNOVER_CNY'),
        }),
    },
    ApplicationQueries,
    MembershipApplicationsService,
    ApplicationReviewService,
    GoldenCrownTermService,
    GoldenCrownTermsJob,
    MembershipPersonalData,
    GoldenCrownTermPersonalData,
  ],
  exports: [GoldenCrownRuleSet],
})
export class MembershipModule {}

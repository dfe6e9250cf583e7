import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  AllowWhileSuspended,
  CurrentMember,
  RequiresVerifiedEmail,
} from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import { RequestLanguage, type Language } from '../../common/i18n/language';
import { DomainEventBus } from '../../common/events/domain-events';
import { RateLimit, SearchRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam } from '../../common/validation/decorators';
import { CreateApplicationDto, EligibilityCheckDto } from './dto/application-request.dto';
import {
  ApplicationDto,
  EligibilityDto,
  GoldenCrownRulesDto,
  MyApplicationsDto,
} from './dto/application-response.dto';
import './eligibility.events';
import { MembershipApplicationsService } from './membership-applications.service';

const LANGUAGE_HEADER = {
  name: 'Accept-Language',
  required: false,
  description: 'Reason messages in Simplified Chinese for `zh…`, else English',
};

@ApiTags('membership')
@Controller('membership')
export class MembershipController {
  constructor(
    private readonly applications: MembershipApplicationsService,
    private readonly events: DomainEventBus,
  ) {}

  @Public()
  @Get('golden-crown/rules')
  @ApiOkResponse({ type: GoldenCrownRulesDto })
  rules(): GoldenCrownRulesDto {
    return this.applications.rules();
  }

  /**
   * Limited per IP (per member when signed in) like a search. A refusal raises only its
   * failed rules' codes, which the dashboard counts per day: no figure, no caller.
   */
  @Public()
  @SearchRateLimit()
  @Post('golden-crown/eligibility')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(LANGUAGE_HEADER)
  @ApiOkResponse({
    type: EligibilityDto,
    description: 'Stores nothing of the request; a refusal adds one to a per-day count per rule',
  })
  async eligibility(
    @Body() dto: EligibilityCheckDto,
    @RequestLanguage() language: Language,
  ): Promise<EligibilityDto> {
    const answer = this.applications.checkEligibility(dto, language);
    if (!answer.eligible) {
      await this.events.emitAndWait('membership.eligibility_refused', {
        codes: answer.reasons.map((reason) => reason.code),
      });
    }
    return answer;
  }

  @ApiBearerAuth()
  @RequiresVerifiedEmail()
  @RateLimit('write')
  @Post('applications')
  @ApiHeader(LANGUAGE_HEADER)
  @ApiForbiddenResponse({ description: '`403 EMAIL_NOT_VERIFIED` (verification required)' })
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiUnprocessableEntityResponse({
    description: '`PRIVACY_CONSENT_REQUIRED`; `APPLICATION_INELIGIBLE` with every failed rule',
  })
  @ApiConflictResponse({
    description:
      '`ALREADY_MEMBER`, `APPLICATION_ALREADY_OPEN`, `REAPPLY_TOO_SOON` (`details: [{reapplyAt}]`)',
  })
  submit(
    @CurrentMember() member: AuthMember,
    @Body() dto: CreateApplicationDto,
    @RequestLanguage() language: Language,
  ): Promise<ApplicationDto> {
    return this.applications.submit(member, dto, language);
  }

  @ApiBearerAuth()
  @Get('applications/mine')
  @ApiOkResponse({
    type: MyApplicationsDto,
    description: 'Newest first, with `reapplyAt` while a rejection holds the member back',
  })
  mine(@CurrentMember() member: AuthMember): Promise<MyApplicationsDto> {
    return this.applications.listMine(member);
  }

  @ApiBearerAuth()
  @Get('applications/:id')
  @ApiOkResponse({ type: ApplicationDto })
  @ApiNotFoundResponse({ description: 'Also for an application that is not yours' })
  get(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<ApplicationDto> {
    return this.applications.getVisible(member, id);
  }

  @ApiBearerAuth()
  @AllowWhileSuspended()
  @Post('applications/:id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ApplicationDto })
  @ApiConflictResponse({ description: '`APPLICATION_ALREADY_DECIDED`' })
  withdraw(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<ApplicationDto> {
    return this.applications.withdraw(member, id);
  }
}

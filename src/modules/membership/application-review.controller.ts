import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember, Roles } from '../../common/auth/decorators';
import type { Page } from '../../common/pagination/page';
import { IdParam } from '../../common/validation/decorators';
import { PublicProfileDto } from '../members/dto/member.dto';
import { ApplicationReviewService } from './application-review.service';
import { ApplicationQueueItemDto, ApplicationQueuePageDto } from './dto/application-queue.dto';
import { DecisionDto, ReviewQueueQuery, RevokeTierDto } from './dto/application-request.dto';
import { ApplicationDto, ApplicationReviewDto } from './dto/application-response.dto';

@ApiTags('moderation')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Moderators and admins only' })
@Roles('moderator')
@Controller('moderation')
export class ApplicationReviewController {
  constructor(private readonly review: ApplicationReviewService) {}

  @Get('applications')
  @ApiOkResponse({
    type: ApplicationQueuePageDto,
    description: "Oldest first; `pending` by default; with each applicant's name",
  })
  queue(@Query() query: ReviewQueueQuery): Promise<Page<ApplicationQueueItemDto>> {
    return this.review.queue(query);
  }

  @Get('applications/:id')
  @ApiOkResponse({ type: ApplicationReviewDto })
  @ApiNotFoundResponse()
  detail(@Param() { id }: IdParam): Promise<ApplicationReviewDto> {
    return this.review.review(id);
  }

  @Post('applications/:id/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ApplicationDto })
  @ApiConflictResponse({ description: '`APPLICATION_ALREADY_DECIDED`' })
  decide(
    @CurrentMember() moderator: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: DecisionDto,
  ): Promise<ApplicationDto> {
    return this.review.decide(moderator, id, dto);
  }

  @Post('members/:id/tier')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PublicProfileDto })
  @ApiConflictResponse({ description: '`NOT_GOLDEN_CROWN`' })
  revokeTier(
    @CurrentMember() moderator: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: RevokeTierDto,
  ): Promise<PublicProfileDto> {
    return this.review.revokeGoldenCrown(moderator, id, dto);
  }
}

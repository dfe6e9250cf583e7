import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember, Roles } from '../../common/auth/decorators';
import type { Page } from '../../common/pagination/page';
import { IdParam, PageQuery } from '../../common/validation/decorators';
import { MailSuppressionPageDto, type MailSuppressionDto } from './dto/mail-suppression.dto';
import { MailSuppressions } from './mail-suppressions';

@ApiTags('moderation')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '`403 FORBIDDEN` for anyone below moderator' })
@Roles('moderator')
@Controller('moderation/mail-suppressions')
export class MailSuppressionsController {
  constructor(private readonly suppressions: MailSuppressions) {}

  @Get()
  @ApiOkResponse({
    type: MailSuppressionPageDto,
    description: 'Addresses the mail server refused for good (5xx), newest first',
  })
  list(@Query() query: PageQuery): Promise<Page<MailSuppressionDto>> {
    return this.suppressions.list(query);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Mail goes to the address again' })
  @ApiNotFoundResponse({ description: '`404 NOT_FOUND`: no such entry (already cleared)' })
  clear(@CurrentMember() moderator: AuthMember, @Param() { id }: IdParam): Promise<void> {
    return this.suppressions.clear(moderator, id);
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Put,
  Query,
  Redirect,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import {
  EmailPreferencesDto,
  UnsubscribeQuery,
  UpdateEmailPreferencesDto,
} from './dto/email-preferences.dto';
import { EmailPreferencesService } from './email-preferences.service';

@ApiTags('email')
@ApiBearerAuth()
@Controller('members/me/email-preferences')
export class EmailPreferencesController {
  constructor(private readonly preferences: EmailPreferencesService) {}

  @Get()
  @ApiOkResponse({ type: EmailPreferencesDto })
  get(@CurrentMember() member: AuthMember): Promise<EmailPreferencesDto> {
    return this.preferences.get(member.id);
  }

  /** A suspended member may still choose what mail they get. */
  @AllowWhileSuspended()
  @Put()
  @ApiOkResponse({ type: EmailPreferencesDto })
  update(
    @CurrentMember() member: AuthMember,
    @Body() dto: UpdateEmailPreferencesDto,
  ): Promise<EmailPreferencesDto> {
    return this.preferences.update(member.id, dto);
  }
}

@ApiTags('email')
@Controller('email')
export class UnsubscribeController {
  constructor(private readonly preferences: EmailPreferencesService) {}

  /**
   * RFC 8058 one-click unsubscribe: the mail program posts `List-Unsubscribe=One-Click` as a
   * form (or nothing); the body is not read. The token names the member and the kind.
   */
  @Public()
  @Post('unsubscribe')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiNoContentResponse({ description: 'That kind of mail (or the digest) is off' })
  @ApiBadRequestResponse({ description: '`TOKEN_INVALID`: a token this server did not sign' })
  unsubscribe(@Query() { token }: UnsubscribeQuery): Promise<void> {
    return this.preferences.unsubscribe(token);
  }

  /**
   * A mail program that opens the `List-Unsubscribe` link instead of posting to it lands on
   * the web client's confirmation page: a `GET` changes nothing.
   */
  @Public()
  @Get('unsubscribe')
  @Redirect()
  @ApiFoundResponse({ description: 'To the web client’s `/unsubscribe?token=…` page' })
  confirmationPage(@Query() { token }: UnsubscribeQuery): { url: string; statusCode: number } {
    return {
      url: `/unsubscribe?${new URLSearchParams({ token }).toString()}`,
      statusCode: HttpStatus.FOUND,
    };
  }
}

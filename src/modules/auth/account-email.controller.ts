import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember } from '../../common/auth/decorators';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ChangeEmailDto } from './dto/auth.dto';
import { EmailChangeService } from './email-change.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members/me')
export class AccountEmailController {
  constructor(private readonly emailChange: EmailChangeService) {}

  @RateLimit('auth')
  @Post('email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'A confirmation link goes to the new address (the address changes when it is opened) ' +
      'and a notice to the present one',
  })
  @ApiForbiddenResponse({ description: '`403 PASSWORD_INCORRECT`: nothing changes' })
  @ApiConflictResponse({ description: '`409 EMAIL_TAKEN`' })
  @ApiTooManyRequestsResponse({ description: '`429 RATE_LIMITED`, with `Retry-After`' })
  change(
    @CurrentMember() member: AuthMember,
    @Body() dto: ChangeEmailDto,
    @Req() request: Request,
  ): Promise<void> {
    return this.emailChange.request(member, dto.newEmail, dto.password, request.ip ?? 'unknown');
  }
}

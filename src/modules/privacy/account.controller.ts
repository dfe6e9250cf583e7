import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
import { ConfirmPasswordDto } from '../auth/dto/auth.dto';
import { PersonalDataService, type MemberExport } from './personal-data.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('members/me')
export class AccountController {
  constructor(private readonly personalData: PersonalDataService) {}

  @Get('export')
  @ApiOkResponse({ description: 'Everything held about the member, as JSON' })
  export(@CurrentMember() member: AuthMember): Promise<MemberExport> {
    return this.personalData.export(member);
  }

  @AllowWhileSuspended()
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Personal data erased; content kept under "deleted member"; every token dies',
  })
  @ApiBody({ type: ConfirmPasswordDto })
  @ApiForbiddenResponse({ description: '`403 PASSWORD_INCORRECT`: nothing erased' })
  erase(
    @CurrentMember() member: AuthMember,
    @Body() dto: ConfirmPasswordDto,
    @Req() request: Request,
  ): Promise<void> {
    return this.personalData.erase(member, dto.password, request.ip ?? 'unknown');
  }
}

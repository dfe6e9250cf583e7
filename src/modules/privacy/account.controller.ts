import { Controller, Delete, Get, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
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
  erase(@CurrentMember() member: AuthMember): Promise<void> {
    return this.personalData.erase(member);
  }
}

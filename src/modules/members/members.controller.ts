import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember, Roles } from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam } from '../../common/validation/decorators';
import {
  ChangeRoleDto,
  MyProfileDto,
  OwnProfileDto,
  PublicProfileDto,
  UpdateProfileDto,
} from './dto/member.dto';
import { MentionSuggestionDto, SuggestMembersQuery } from '../mentions/dto/mention.dto';
import { MentionResolver } from '../mentions/mention-resolver';
import { MemberRolesService } from './member-roles.service';
import { MembersService } from './members.service';

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly mentions: MentionResolver,
  ) {}

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MyProfileDto })
  me(@CurrentMember() member: AuthMember): Promise<MyProfileDto> {
    return this.members.getMyProfile(member.id);
  }

  @ApiBearerAuth()
  @Patch('me')
  @ApiOkResponse({ type: MyProfileDto })
  update(
    @CurrentMember() member: AuthMember,
    @Body() dto: UpdateProfileDto,
  ): Promise<MyProfileDto> {
    return this.members.updateProfile(member.id, dto);
  }

  /** Before `:id`: `suggest` is not an id. */
  @ApiBearerAuth()
  @Get('suggest')
  @RateLimit('suggest')
  @ApiOkResponse({ type: [MentionSuggestionDto] })
  suggest(
    @CurrentMember() member: AuthMember,
    @Query() { q }: SuggestMembersQuery,
  ): Promise<MentionSuggestionDto[]> {
    return this.mentions.suggest(member.id, q);
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: PublicProfileDto })
  @ApiNotFoundResponse()
  profile(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Param() { id }: IdParam,
  ): Promise<PublicProfileDto> {
    return this.members.getPublicProfile(id, viewer);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/members')
export class AdminMembersController {
  constructor(private readonly roles: MemberRolesService) {}

  @Patch(':id/role')
  @ApiOkResponse({ type: OwnProfileDto })
  changeRole(
    @CurrentMember() actor: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: ChangeRoleDto,
  ): Promise<OwnProfileDto> {
    return this.roles.changeRole(actor, id, dto.role);
  }
}

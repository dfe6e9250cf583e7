import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember } from '../../common/auth/decorators';
import type { Page } from '../../common/pagination/page';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam, PageQuery } from '../../common/validation/decorators';
import { MemberPageDto } from '../members/dto/directory.dto';
import type { PublicProfileDto } from '../members/dto/member.dto';
import { FollowedTagDto, FollowStateDto, TagFollowStateDto, TagNameParam } from './dto/follow.dto';
import { FollowsService } from './follows.service';

class FollowedTagListDto {
  @ApiProperty({ type: [FollowedTagDto] }) items!: FollowedTagDto[];
  @ApiProperty({ type: String, nullable: true, enum: [null] }) nextCursor!: null;
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class FollowsController {
  constructor(private readonly follows: FollowsService) {}

  @Put(':id/follow')
  @RateLimit('write')
  @ApiOkResponse({ type: FollowStateDto, description: 'Idempotent' })
  @ApiBadRequestResponse({ description: 'Following oneself' })
  @ApiForbiddenResponse({
    description: '`403 BLOCKED` (you blocked them) or `403 FOLLOW_NOT_ALLOWED`',
  })
  @ApiNotFoundResponse()
  follow(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<FollowStateDto> {
    return this.follows.follow(member, id);
  }

  @Delete(':id/follow')
  @RateLimit('write')
  @ApiOkResponse({ type: FollowStateDto, description: 'Idempotent' })
  @ApiBadRequestResponse({ description: 'Unfollowing oneself' })
  @ApiNotFoundResponse()
  unfollow(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<FollowStateDto> {
    return this.follows.unfollow(member, id);
  }

  @Get(':id/followers')
  @ApiOkResponse({ type: MemberPageDto, description: 'The latest follow first' })
  @ApiNotFoundResponse()
  followers(
    @CurrentMember() viewer: AuthMember,
    @Param() { id }: IdParam,
    @Query() page: PageQuery,
  ): Promise<Page<PublicProfileDto>> {
    return this.follows.followers(viewer, id, page);
  }

  @Get(':id/following')
  @ApiOkResponse({ type: MemberPageDto, description: 'The latest follow first' })
  @ApiNotFoundResponse()
  following(
    @CurrentMember() viewer: AuthMember,
    @Param() { id }: IdParam,
    @Query() page: PageQuery,
  ): Promise<Page<PublicProfileDto>> {
    return this.follows.following(viewer, id, page);
  }
}

@ApiTags('posts')
@ApiBearerAuth()
@Controller('tags')
export class TagFollowsController {
  constructor(private readonly follows: FollowsService) {}

  @Get('followed')
  @ApiOkResponse({ type: FollowedTagListDto, description: 'The tags the caller follows, by name' })
  async followed(@CurrentMember() member: AuthMember): Promise<FollowedTagListDto> {
    return { items: await this.follows.followedTags(member), nextCursor: null };
  }

  @Put(':name/follow')
  @RateLimit('write')
  @ApiOkResponse({ type: TagFollowStateDto, description: 'Idempotent' })
  followTag(
    @CurrentMember() member: AuthMember,
    @Param() { name }: TagNameParam,
  ): Promise<TagFollowStateDto> {
    return this.follows.followTag(member, name);
  }

  @Delete(':name/follow')
  @RateLimit('write')
  @ApiOkResponse({ type: TagFollowStateDto, description: 'Idempotent' })
  unfollowTag(
    @CurrentMember() member: AuthMember,
    @Param() { name }: TagNameParam,
  ): Promise<TagFollowStateDto> {
    return this.follows.unfollowTag(member, name);
  }
}

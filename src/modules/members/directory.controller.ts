import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember } from '../../common/auth/decorators';
import type { Page } from '../../common/pagination/page';
import { SearchRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { DirectoryService } from './directory.service';
import { ListDirectoryQueryDto, MemberPageDto } from './dto/directory.dto';
import type { PublicProfileDto } from './dto/member.dto';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @SearchRateLimit('q')
  @ApiOkResponse({
    type: MemberPageDto,
    description: 'Listed members, newest first; with `q`, best match first',
  })
  @ApiTooManyRequestsResponse({ description: 'With `q`: `429 RATE_LIMITED`, with `Retry-After`' })
  list(
    @CurrentMember() viewer: AuthMember,
    @Query() query: ListDirectoryQueryDto,
  ): Promise<Page<PublicProfileDto>> {
    return this.directory.list(viewer, query);
  }
}

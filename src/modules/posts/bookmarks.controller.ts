import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember } from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import type { Page } from '../../common/pagination/page';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam, PageQuery } from '../../common/validation/decorators';
import { BookmarkStateDto, PostPageDto, type PostSummaryDto } from './dto/post.dto';
import { PostListsService } from './post-lists.service';

@ApiTags('posts')
@ApiBearerAuth()
@Controller('posts')
export class BookmarksController {
  constructor(private readonly lists: PostListsService) {}

  @Put(':id/bookmark')
  @RateLimit('write')
  @ApiOkResponse({ type: BookmarkStateDto, description: 'Idempotent' })
  @ApiNotFoundResponse({ description: 'A post the caller cannot see' })
  bookmark(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
  ): Promise<BookmarkStateDto> {
    return this.lists.bookmark(member, id);
  }

  @Delete(':id/bookmark')
  @RateLimit('write')
  @ApiOkResponse({ type: BookmarkStateDto, description: 'Idempotent' })
  @ApiNotFoundResponse()
  unbookmark(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
  ): Promise<BookmarkStateDto> {
    return this.lists.unbookmark(member, id);
  }
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MemberPostsController {
  constructor(private readonly lists: PostListsService) {}

  @Get('me/bookmarks')
  @ApiOkResponse({
    type: PostPageDto,
    description: 'Bookmarked posts the caller still sees, the latest bookmark first',
  })
  bookmarks(
    @CurrentMember() member: AuthMember,
    @Query() page: PageQuery,
  ): Promise<Page<PostSummaryDto>> {
    return this.lists.bookmarks(member, page);
  }

  @Public()
  @Get(':id/posts')
  @ApiOkResponse({
    type: PostPageDto,
    description: "The member's posts the caller sees, newest first",
  })
  @ApiNotFoundResponse()
  posts(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Param() { id }: IdParam,
    @Query() page: PageQuery,
  ): Promise<Page<PostSummaryDto>> {
    return this.lists.byMember(viewer, id, page);
  }
}

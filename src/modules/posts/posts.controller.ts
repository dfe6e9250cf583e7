import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember, RequiresVerifiedEmail, Roles } from '../../common/auth/decorators';
import { Public } from '../../common/auth/public.decorator';
import type { Page } from '../../common/pagination/page';
import { RateLimit, SearchRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam, PageQuery } from '../../common/validation/decorators';
import { CommentsService } from './comments.service';
import {
  CommentPageDto,
  CommentResponseDto,
  CreateCommentDto,
  UpdateCommentDto,
} from './dto/comment.dto';
import {
  CreatePostDto,
  LikeStateDto,
  ListPostsQueryDto,
  PostPageDto,
  PostPreviewDto,
  PostResponseDto,
  PostSummaryDto,
  PreviewPostDto,
  TagPageDto,
  UpdatePostDto,
} from './dto/post.dto';
import { PostsService } from './posts.service';

@ApiTags('posts')
@ApiBearerAuth()
@Controller('posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly comments: CommentsService,
  ) {}

  @Public()
  @Get()
  @SearchRateLimit('q')
  @ApiOkResponse({ type: PostPageDto, description: 'Newest first; with `q`, most relevant first' })
  @ApiTooManyRequestsResponse({ description: 'With `q`: `429 RATE_LIMITED`, with `Retry-After`' })
  list(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Query() query: ListPostsQueryDto,
  ): Promise<Page<PostSummaryDto>> {
    return this.posts.list(viewer, query);
  }

  @Post()
  @RequiresVerifiedEmail()
  @RateLimit('write')
  @ApiCreatedResponse({ type: PostResponseDto })
  @ApiForbiddenResponse({ description: '`403 EMAIL_NOT_VERIFIED` (verification required)' })
  create(
    @CurrentMember() member: AuthMember,
    @Body() dto: CreatePostDto,
  ): Promise<PostResponseDto> {
    return this.posts.create(member, dto);
  }

  @Post('preview')
  @SearchRateLimit()
  @HttpCode(200)
  @ApiOkResponse({
    type: PostPreviewDto,
    description:
      "Rendered as publishing would (the caller's own uploads, or with `postId` its author's, show as images); stores nothing",
  })
  @ApiForbiddenResponse({ description: '`postId` of a post the caller may not edit' })
  @ApiNotFoundResponse({ description: '`postId` of a post the caller cannot see' })
  @ApiTooManyRequestsResponse({
    description: 'Counts against the search limit: `429 RATE_LIMITED`',
  })
  preview(
    @CurrentMember() member: AuthMember,
    @Body() dto: PreviewPostDto,
  ): Promise<PostPreviewDto> {
    return this.posts.preview(member, dto);
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: PostResponseDto })
  @ApiNotFoundResponse()
  get(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Param() { id }: IdParam,
  ): Promise<PostResponseDto> {
    return this.posts.get(viewer, id);
  }

  @Patch(':id')
  @RateLimit('write')
  @ApiOkResponse({ type: PostResponseDto })
  update(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: UpdatePostDto,
  ): Promise<PostResponseDto> {
    return this.posts.update(member, id, dto);
  }

  @Delete(':id')
  @RateLimit('write')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<void> {
    return this.posts.remove(member, id);
  }

  @Post(':id/restore')
  @Roles('moderator')
  @HttpCode(200)
  @ApiOkResponse({ type: PostResponseDto })
  restore(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<PostResponseDto> {
    return this.posts.restoreAsModerator(member, id);
  }

  @Public()
  @Get(':id/related')
  @ApiOkResponse({ type: PostPageDto, description: 'Recommended reading: at most 5' })
  related(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Param() { id }: IdParam,
  ): Promise<Page<PostSummaryDto>> {
    return this.posts.related(viewer, id);
  }

  @Put(':id/like')
  @RateLimit('write')
  @ApiOkResponse({ type: LikeStateDto })
  like(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<LikeStateDto> {
    return this.posts.setLike(member, id, true);
  }

  @Delete(':id/like')
  @RateLimit('write')
  @ApiOkResponse({ type: LikeStateDto })
  unlike(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<LikeStateDto> {
    return this.posts.setLike(member, id, false);
  }

  @Public()
  @Get(':id/comments')
  @ApiOkResponse({ type: CommentPageDto, description: 'Oldest first' })
  listComments(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
    @Param() { id }: IdParam,
    @Query() page: PageQuery,
  ): Promise<Page<CommentResponseDto>> {
    return this.comments.list(viewer, id, page);
  }

  @Post(':id/comments')
  @RateLimit('write')
  @ApiCreatedResponse({ type: CommentResponseDto })
  comment(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: CreateCommentDto,
  ): Promise<CommentResponseDto> {
    return this.comments.create(member, id, dto);
  }
}

@ApiTags('posts')
@ApiBearerAuth()
@Controller('comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Patch(':id')
  @RateLimit('write')
  @ApiOkResponse({ type: CommentResponseDto, description: 'The author only; sets `editedAt`' })
  update(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: UpdateCommentDto,
  ): Promise<CommentResponseDto> {
    return this.comments.update(member, id, dto);
  }

  @Delete(':id')
  @RateLimit('write')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<void> {
    return this.comments.remove(member, id);
  }

  @Post(':id/restore')
  @Roles('moderator')
  @HttpCode(200)
  @ApiOkResponse({ type: CommentResponseDto })
  restore(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
  ): Promise<CommentResponseDto> {
    return this.comments.restoreAsModerator(member, id);
  }
}

@ApiTags('posts')
@Controller('tags')
export class TagsController {
  constructor(private readonly posts: PostsService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: TagPageDto, description: 'Over the posts the caller sees; at most 100' })
  list(
    @CurrentMember({ optional: true }) viewer: AuthMember | undefined,
  ): Promise<{ items: { name: string; postCount: number }[]; nextCursor: null }> {
    return this.posts.tags(viewer);
  }
}

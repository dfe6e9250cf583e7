import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import {
  PageQuery,
  QueryBoolean,
  TagList,
  TrimmedText,
} from '../../../common/validation/decorators';
import { OPERATOR_TYPES, TIERS, type OperatorType, type Tier } from '../../members/member.types';
import { BODY_MAX, MAX_TAGS, TITLE_MAX, VISIBILITIES, type Visibility } from '../post.types';
import { EXCERPT_MAX } from '../excerpt';
import { MAX_QUERY_TOKENS } from '../../../common/search/search-tokens';

/** The feeds `GET /api/posts?feed=` knows besides everything the caller sees. */
export const POST_FEEDS = ['following'] as const;
export type PostFeed = (typeof POST_FEEDS)[number];

/** Longest search query, in characters (of which only `MAX_QUERY_TOKENS` tokens count). */
const SEARCH_QUERY_MAX = 200;

export class CreatePostDto {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX })
  @TrimmedText(1, TITLE_MAX)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: BODY_MAX, description: 'Markdown' })
  @IsString()
  @Length(1, BODY_MAX)
  body!: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS, description: '1–32 characters each' })
  @IsOptional()
  @TagList(MAX_TAGS)
  tags?: string[];

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'public' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class UpdatePostDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TITLE_MAX })
  @IsOptional()
  @TrimmedText(1, TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: BODY_MAX })
  @IsOptional()
  @IsString()
  @Length(1, BODY_MAX)
  body?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS })
  @IsOptional()
  @TagList(MAX_TAGS)
  tags?: string[];

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}

export class ListPostsQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Posts with this tag' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Length(1, 32)
  tag?: string;

  @ApiPropertyOptional({
    maxLength: SEARCH_QUERY_MAX,
    description:
      'Full-text search over title, body and tags (Chinese and English). Only the first ' +
      `${MAX_QUERY_TOKENS} distinct words or two-character pieces count; the rest are ignored. ` +
      'Counts against the search rate limit.',
  })
  @IsOptional()
  @IsString()
  @Length(1, SEARCH_QUERY_MAX)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  authorId?: string;

  @ApiPropertyOptional({ description: 'Moderators only: include deleted and hidden posts' })
  @QueryBoolean()
  includeRemoved?: boolean;

  @ApiPropertyOptional({
    enum: POST_FEEDS,
    description: '`following` (members only): posts by followed members or with a followed tag',
  })
  @IsOptional()
  @IsIn(POST_FEEDS)
  feed?: PostFeed;
}

export class BookmarkStateDto {
  @ApiProperty() bookmarkedByMe!: boolean;
}

export class PostAuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: OPERATOR_TYPES, nullable: true }) operatorType!: OperatorType | null;
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty({ type: String, nullable: true, description: "The avatar's URL; null without one" })
  avatarUrl!: string | null;
}

/** The fields every answer about a post carries, list item or full post. */
abstract class PostFieldsDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ enum: VISIBILITIES }) visibility!: Visibility;
  @ApiProperty({ type: PostAuthorDto }) author!: PostAuthorDto;
  @ApiProperty() likeCount!: number;
  @ApiProperty() commentCount!: number;
  @ApiProperty() likedByMe!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The post's first image that is its author's own upload; null if none",
  })
  coverImageUrl!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'Whether the caller bookmarked the post (false for visitors)' })
  bookmarkedByMe!: boolean;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the title or body last changed after creation; null if never',
  })
  editedAt!: string | null;
  @ApiPropertyOptional({ description: 'Moderator views only' }) deleted?: boolean;
  @ApiPropertyOptional({ description: 'Moderator views only' }) hidden?: boolean;
}

/** A post in full: the detail, and the answers to create and edit. */
export class PostResponseDto extends PostFieldsDto {
  @ApiProperty({ description: 'Markdown' }) body!: string;
  @ApiProperty({ description: 'Sanitized HTML rendered from body' }) bodyHtml!: string;
}

/** A post in a list: no body, an excerpt instead. */
export class PostSummaryDto extends PostFieldsDto {
  @ApiProperty({
    maxLength: EXCERPT_MAX,
    description:
      'Plain text of the body (no Markdown, no HTML), whitespace collapsed, at most ' +
      `${EXCERPT_MAX} characters, ending with … when cut`,
  })
  excerpt!: string;
}

export class PostPageDto {
  @ApiProperty({ type: [PostSummaryDto] }) items!: PostSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PreviewPostDto {
  @ApiProperty({ minLength: 1, maxLength: BODY_MAX, description: 'Markdown' })
  @IsString()
  @Length(1, BODY_MAX)
  body!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The post being edited: rendered as the edit would store it (its author's uploads show as images). Only for who may edit it",
  })
  @IsOptional()
  @IsUUID('all')
  postId?: string;
}

export class PostPreviewDto {
  @ApiProperty({ description: 'Sanitized HTML, rendered as publishing would' }) bodyHtml!: string;
}

export class LikeStateDto {
  @ApiProperty() likeCount!: number;
  @ApiProperty() likedByMe!: boolean;
}

export class TagCountDto {
  @ApiProperty() name!: string;
  @ApiProperty() postCount!: number;
}

export class TagPageDto {
  @ApiProperty({ type: [TagCountDto] }) items!: TagCountDto[];
  @ApiProperty({ type: String, nullable: true, enum: [null] }) nextCursor!: null;
}

import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Member } from '../members/member.entity';
import { avatarUrlOf, uploadUrl } from '../uploads/upload-url';
import { DELETED_MEMBER_NAME } from '../members/dto/member.dto';
import type { OperatorType, Tier } from '../members/member.types';
import type { CommentResponseDto } from './dto/comment.dto';
import type { PostAuthorDto, PostResponseDto, PostSummaryDto } from './dto/post.dto';
import { PostComment } from './comment.entity';
import { Post } from './post.entity';
import { isModerator, visibleLevels, type Viewer, type Visibility } from './post.types';

/**
 * The read side of posts and comments: one SQL statement per list or item, with the
 * author, counts and the caller's like joined in (never a query per row).
 */

interface AuthorColumns {
  author_id: string;
  author_display_name: string;
  author_operator_type: OperatorType | null;
  author_tier: Tier;
  author_erased_at: Date | null;
  author_avatar_upload_id: string | null;
}

/** What a list reads of a post: never its body. */
export interface PostSummaryRow extends AuthorColumns {
  id: string;
  title: string;
  excerpt: string;
  tags: string[];
  visibility: Visibility;
  like_count: number;
  comment_count: number;
  liked_by_me: boolean;
  cover_upload_id: string | null;
  bookmarked_by_me: boolean;
  created_at: Date;
  updated_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
}

/** One post read in full (`withBody`). */
export interface PostRow extends PostSummaryRow {
  body: string;
  body_html: string;
}

export interface CommentRow extends AuthorColumns {
  id: string;
  post_id: string;
  parent_id: string | null;
  body: string;
  body_html: string;
  created_at: Date;
  updated_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
}

const AUTHOR_SELECT = [
  'm.id AS author_id',
  'm.display_name AS author_display_name',
  'm.operator_type AS author_operator_type',
  'm.tier AS author_tier',
  'm.erased_at AS author_erased_at',
  'm.avatar_upload_id AS author_avatar_upload_id',
];

/** The condition for content the viewer sees: moderators see removed content too. */
export function notRemoved(alias: string, viewer: Viewer, includeRemoved = false): string {
  return isModerator(viewer) && includeRemoved
    ? 'TRUE'
    : `${alias}.deleted_at IS NULL AND ${alias}.hidden_at IS NULL`;
}

/**
 * Everything the SQL text of a read depends on (`selectPosts`, `selectVisiblePost`,
 * `selectComments`): whether the viewer is signed in, moderates, and sees removed content.
 * Reads whose SQL is built once (`PreparedQueries`) keep one statement per shape.
 */
export function readerShape(viewer: Viewer, includeRemoved = false): string {
  const kind = viewer ? (isModerator(viewer) ? 'moderator' : 'member') : 'visitor';
  return isModerator(viewer) && includeRemoved ? `${kind}+removed` : kind;
}

/** The values a read binds for its viewer: the levels they see, and who they are. */
export function readerParameters(viewer: Viewer): {
  levels: Visibility[];
  viewerId: string | null;
} {
  return { levels: visibleLevels(viewer), viewerId: viewer?.id ?? null };
}

/**
 * The posts (alias `p`) the viewer sees, selecting nothing yet: their visible levels, and
 * removed posts only for a moderator who asks. Every read of posts starts here.
 */
export function postsVisibleTo(
  em: EntityManager,
  viewer: Viewer,
  includeRemoved = false,
): SelectQueryBuilder<Post> {
  return em
    .createQueryBuilder(Post, 'p')
    .where('p.visibility = ANY(CAST(:levels AS posts_visibility_enum[]))')
    .andWhere(notRemoved('p', viewer, includeRemoved))
    .setParameters(readerParameters(viewer));
}

/**
 * The post `:postId` if the viewer may open it (a moderator also a removed one), as a
 * single post read answers it; a list under the post (its comments) is read with this check.
 */
export function selectVisiblePost(
  em: EntityManager,
  viewer: Viewer,
  postId: string,
): SelectQueryBuilder<Post> {
  return postsVisibleTo(em, viewer, true)
    .select('p.id', 'post_id')
    .andWhere('p.id = :postId', { postId });
}

/**
 * Posts as the viewer sees them: visible levels only, removed posts only for a
 * moderator who asks, with author, comment count and `likedByMe` in the same statement.
 * Summaries (`PostSummaryRow`) unless `withBody`: lists never read `body` or `body_html`.
 * Its SQL text varies only with `readerShape(viewer, includeRemoved)` and `withBody`.
 */
export function selectPosts(
  em: EntityManager,
  viewer: Viewer,
  options: { includeRemoved?: boolean; withBody?: boolean } = {},
): SelectQueryBuilder<Post> {
  const likedByMe = viewer
    ? 'EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id AND l.member_id = :viewerId)'
    : 'FALSE';
  const bookmarkedByMe = viewer
    ? 'EXISTS (SELECT 1 FROM post_bookmarks b WHERE b.post_id = p.id AND b.member_id = :viewerId)'
    : 'FALSE';
  return postsVisibleTo(em, viewer, options.includeRemoved)
    .innerJoin(Member, 'm', 'm.id = p.author_id')
    .select([
      'p.id AS id',
      'p.title AS title',
      ...(options.withBody ? ['p.body AS body', 'p.body_html AS body_html'] : []),
      'p.excerpt AS excerpt',
      'p.cover_upload_id AS cover_upload_id',
      'p.tags AS tags',
      'p.visibility AS visibility',
      'p.like_count AS like_count',
      'p.created_at AS created_at',
      'p.updated_at AS updated_at',
      'p.edited_at AS edited_at',
      'p.deleted_at AS deleted_at',
      'p.hidden_at AS hidden_at',
      ...AUTHOR_SELECT,
      `(SELECT count(*)::int FROM post_comments c WHERE c.post_id = p.id AND ${notRemoved('c', viewer, true)}) AS comment_count`,
      `${likedByMe} AS liked_by_me`,
      `${bookmarkedByMe} AS bookmarked_by_me`,
    ]);
}

/**
 * Comments as the viewer sees them (the post's visibility is checked by the caller, or in
 * the same statement: `selectVisiblePost`).
 */
export function selectComments(em: EntityManager, viewer: Viewer): SelectQueryBuilder<PostComment> {
  return em
    .createQueryBuilder(PostComment, 'c')
    .innerJoin(Member, 'm', 'm.id = c.author_id')
    .select([
      'c.id AS id',
      'c.post_id AS post_id',
      'c.parent_id AS parent_id',
      'c.body AS body',
      'c.body_html AS body_html',
      'c.created_at AS created_at',
      'c.updated_at AS updated_at',
      'c.edited_at AS edited_at',
      'c.deleted_at AS deleted_at',
      'c.hidden_at AS hidden_at',
      ...AUTHOR_SELECT,
    ])
    .where(notRemoved('c', viewer, true));
}

function toAuthor(row: AuthorColumns): PostAuthorDto {
  return {
    id: row.author_id,
    displayName: row.author_erased_at ? DELETED_MEMBER_NAME : row.author_display_name,
    operatorType: row.author_operator_type,
    tier: row.author_tier,
    avatarUrl: row.author_erased_at ? null : avatarUrlOf(row.author_avatar_upload_id),
  };
}

function removalFlags(
  row: { deleted_at: Date | null; hidden_at: Date | null },
  viewer: Viewer,
): { deleted?: boolean; hidden?: boolean } {
  return isModerator(viewer)
    ? { deleted: row.deleted_at !== null, hidden: row.hidden_at !== null }
    : {};
}

/** A list's item: the post's fields without the body, plus its excerpt. */
export function toPostSummary(row: PostSummaryRow, viewer: Viewer): PostSummaryDto {
  return {
    id: row.id,
    title: row.title,
    excerpt: row.excerpt,
    ...postFields(row, viewer),
  };
}

/** The full post: only the detail, create and edit answer it. */
export function toPostResponse(row: PostRow, viewer: Viewer): PostResponseDto {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    bodyHtml: row.body_html,
    ...postFields(row, viewer),
  };
}

/** The fields a summary and the full post share. */
function postFields(
  row: PostSummaryRow,
  viewer: Viewer,
): Omit<PostSummaryDto, 'id' | 'title' | 'excerpt'> {
  return {
    tags: row.tags,
    visibility: row.visibility,
    author: toAuthor(row),
    likeCount: row.like_count,
    commentCount: row.comment_count,
    likedByMe: row.liked_by_me,
    coverImageUrl: row.cover_upload_id ? uploadUrl(row.cover_upload_id) : null,
    bookmarkedByMe: row.bookmarked_by_me,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    ...removalFlags(row, viewer),
  };
}

export function toCommentResponse(row: CommentRow, viewer: Viewer): CommentResponseDto {
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    body: row.body,
    bodyHtml: row.body_html,
    author: toAuthor(row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    ...removalFlags(row, viewer),
  };
}

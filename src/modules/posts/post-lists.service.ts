import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { NotFoundError } from '../../common/errors/domain-error';
import { keysetRawPage, type KeysetOrder, type PageRequest } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { BookmarkStateDto, PostSummaryDto } from './dto/post.dto';
import { PostBookmark } from './post-bookmark.entity';
import { postsVisibleTo, selectPosts, toPostSummary, type PostSummaryRow } from './post-query';
import type { Viewer } from './post.types';
import { PostsService } from './posts.service';

/** Bookmarks: the latest bookmark first. */
const LATEST_BOOKMARK_FIRST: KeysetOrder = {
  keys: [
    { sql: 'bm.created_at', kind: 'time' },
    { sql: 'p.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/**
 * The lists of posts a member's network reads: a member's own posts (their profile) and
 * the caller's bookmarks. Every read goes through the posts' visibility rule
 * (`postsVisibleTo`): a bookmark of a post the member can no longer see is not listed.
 */
@Injectable()
export class PostListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly posts: PostsService,
  ) {}

  /** The posts `authorId` wrote that the viewer sees, newest first; an unknown member is `404`. */
  async byMember(
    viewer: Viewer,
    authorId: string,
    page: PageRequest,
  ): Promise<Page<PostSummaryDto>> {
    const [member] = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM members WHERE id = $1 AND erased_at IS NULL',
      [authorId],
    );
    if (!member) throw new NotFoundError('Member');
    return this.posts.list(viewer, { limit: page.limit, cursor: page.cursor, authorId });
  }

  /** Idempotent. A post the member cannot see is `404`, like every read of it. */
  async bookmark(member: AuthMember, postId: string): Promise<BookmarkStateDto> {
    const [visible] = await postsVisibleTo(this.dataSource.manager, member)
      .select('p.id', 'id')
      .andWhere('p.id = :postId', { postId })
      .getRawMany<{ id: string }>();
    if (!visible) throw new NotFoundError('Post');
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PostBookmark)
      .values({ memberId: member.id, postId })
      .orIgnore()
      .execute();
    return { bookmarkedByMe: true };
  }

  /**
   * Idempotent. Removing one's bookmark works even when the post is no longer visible to
   * the member; with no bookmark, a post they cannot see is `404`.
   */
  async unbookmark(member: AuthMember, postId: string): Promise<BookmarkStateDto> {
    const deleted = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(PostBookmark)
      .where({ memberId: member.id, postId })
      .returning('post_id')
      .execute();
    if ((deleted.raw as unknown[]).length === 0) {
      const [visible] = await postsVisibleTo(this.dataSource.manager, member)
        .select('p.id', 'id')
        .andWhere('p.id = :postId', { postId })
        .getRawMany<{ id: string }>();
      if (!visible) throw new NotFoundError('Post');
    }
    return { bookmarkedByMe: false };
  }

  /** The member's bookmarks of posts they still see, the latest bookmark first: one statement. */
  bookmarks(member: AuthMember, page: PageRequest): Promise<Page<PostSummaryDto>> {
    const builder = selectPosts(this.dataSource.manager, member).innerJoin(
      PostBookmark,
      'bm',
      'bm.post_id = p.id AND bm.member_id = :viewerId',
    );
    return keysetRawPage(builder, LATEST_BOOKMARK_FIRST, page, (row: PostSummaryRow) =>
      toPostSummary(row, member),
    );
  }
}

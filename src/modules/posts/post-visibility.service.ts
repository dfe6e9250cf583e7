import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Member } from '../members/member.entity';
import type { Role, Tier } from '../members/member.types';
import { notRemoved } from './post-query';
import { Post } from './post.entity';
import { visibleLevels, type Visibility } from './post.types';

/** A post, or a comment of it, that another feature tells a member about. */
export interface PostContentRef {
  postId: string;
  commentId?: string;
}

/** A post that nobody removed, as live updates read it at send time. */
export interface LivePostState {
  visibility: Visibility;
  likeCount: number;
}

/**
 * Whether a member may see a post (or a comment) right now, for features that tell members
 * about posts without a request of theirs (notifications). The same rule as every read:
 * the member's current role and tier against the post's visibility; deleted and hidden
 * posts and comments are seen by nobody told about them.
 */
@Injectable()
export class PostVisibilityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `false` also for an erased member and for content that does not exist. */
  async canSee(memberId: string, ref: PostContentRef): Promise<boolean> {
    const query = this.dataSource.manager
      .createQueryBuilder(Post, 'p')
      .innerJoin(Member, 'm', 'm.id = :memberId AND m.erased_at IS NULL', { memberId })
      .select(['p.visibility AS visibility', 'm.role AS role', 'm.tier AS tier'])
      .where(`p.id = :postId AND ${notRemoved('p', undefined)}`, { postId: ref.postId });
    if (ref.commentId !== undefined) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM post_comments c WHERE c.id = :commentId AND c.post_id = p.id
                    AND ${notRemoved('c', undefined)})`,
        { commentId: ref.commentId },
      );
    }
    const row = await query.getRawOne<{ visibility: Visibility; role: Role; tier: Tier }>();
    return row !== undefined && visibleLevels(row).includes(row.visibility);
  }

  /**
   * `canSee` for several posts or comments at once (one statement): whether the member may
   * see each, in the order given. For reads that re-check what a member was told (a digest).
   */
  async canSeeEach(memberId: string, refs: readonly PostContentRef[]): Promise<boolean[]> {
    if (refs.length === 0) return [];
    const rows = await this.dataSource.query<
      { i: number; visibility: Visibility; role: Role; tier: Tier }[]
    >(
      `SELECT r.i, p.visibility, m.role, m.tier
         FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS r(post_id, comment_id, i)
         JOIN posts p ON p.id = r.post_id AND ${notRemoved('p', undefined)}
         JOIN members m ON m.id = $1 AND m.erased_at IS NULL
        WHERE r.comment_id IS NULL OR EXISTS (
                SELECT 1 FROM post_comments c WHERE c.id = r.comment_id AND c.post_id = p.id
                   AND ${notRemoved('c', undefined)})`,
      [memberId, refs.map((ref) => ref.postId), refs.map((ref) => ref.commentId ?? null)],
    );
    const seen = new Set(
      rows.filter((row) => visibleLevels(row).includes(row.visibility)).map((row) => Number(row.i)),
    );
    return refs.map((_ref, index) => seen.has(index + 1));
  }

  /**
   * A post as live updates need it now (one read on the primary key): who may see it and its
   * like count; `null` for a deleted, hidden or unknown post, which nobody is told about.
   */
  async liveState(postId: string): Promise<LivePostState | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(Post, 'p')
      .select(['p.visibility AS visibility', 'p.like_count AS like_count'])
      .where(`p.id = :postId AND ${notRemoved('p', undefined)}`, { postId })
      .getRawOne<{ visibility: Visibility; like_count: number }>();
    return row ? { visibility: row.visibility, likeCount: row.like_count } : null;
  }
}

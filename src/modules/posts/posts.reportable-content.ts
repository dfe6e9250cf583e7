import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  ReportableContentSource,
  type ReportableContent,
  type ReportableTarget,
  type ReportedContent,
} from '../../common/moderation/reportable-content';
import { PostComment } from './comment.entity';
import { CommentsService } from './comments.service';
import { plainText, truncate } from './excerpt';
import { Post } from './post.entity';
import { PostsService } from './posts.service';

/** How much of a comment the report queue shows (a comment holds up to 10,000 characters). */
export const REPORTED_COMMENT_TEXT_MAX = 1000;

const removedState = (row: {
  deletedAt: Date | null;
  hiddenAt: Date | null;
}): ReportedContent['removed'] => (row.hiddenAt ? 'hidden' : row.deletedAt ? 'deleted' : null);

/** Posts as moderation sees them: a hidden post is gone for members, kept for moderators. */
@Injectable()
@ReportableContentSource()
export class PostReportableContent implements ReportableContent {
  readonly type = 'post';

  constructor(
    private readonly posts: PostsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.posts.findPostForReport(id, reporter);
  }

  hide(em: EntityManager, id: string): Promise<boolean> {
    return this.posts.hidePost(em, id);
  }

  /** A hidden post leaves the tag counts and search results. */
  afterHide(): Promise<void> {
    return this.posts.listsChanged();
  }

  async describe(ids: readonly string[]): Promise<Map<string, ReportedContent>> {
    if (ids.length === 0) return new Map();
    const posts = await this.dataSource.getRepository(Post).find({
      select: {
        id: true,
        authorId: true,
        title: true,
        excerpt: true,
        deletedAt: true,
        hiddenAt: true,
      },
      where: { id: In([...ids]) },
    });
    return new Map(
      posts.map((post) => [
        post.id,
        {
          id: post.id,
          authorId: post.authorId,
          text: post.excerpt,
          place: { type: 'post', id: post.id, title: post.title },
          removed: removedState(post),
        },
      ]),
    );
  }
}

/** Comments as moderation sees them: reportable while they and their post are shown. */
@Injectable()
@ReportableContentSource()
export class CommentReportableContent implements ReportableContent {
  readonly type = 'comment';

  constructor(
    private readonly comments: CommentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.comments.findForReport(id, reporter);
  }

  hide(em: EntityManager, id: string): Promise<boolean> {
    return this.comments.hide(em, id);
  }

  /** Each comment with the post it is on (whatever the post's state: moderators see all). */
  async describe(ids: readonly string[]): Promise<Map<string, ReportedContent>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.manager
      .createQueryBuilder(PostComment, 'c')
      .innerJoin(Post, 'p', 'p.id = c.post_id')
      .select([
        'c.id AS id',
        'c.author_id AS author_id',
        'c.body AS body',
        'c.deleted_at AS deleted_at',
        'c.hidden_at AS hidden_at',
        'p.id AS post_id',
        'p.title AS post_title',
      ])
      .where('c.id IN (:...ids)', { ids: [...ids] })
      .getRawMany<{
        id: string;
        author_id: string;
        body: string;
        deleted_at: Date | null;
        hidden_at: Date | null;
        post_id: string;
        post_title: string;
      }>();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          authorId: row.author_id,
          text: truncate(plainText(row.body), REPORTED_COMMENT_TEXT_MAX),
          place: { type: 'post', id: row.post_id, title: row.post_title },
          removed: removedState({ deletedAt: row.deleted_at, hiddenAt: row.hidden_at }),
        },
      ]),
    );
  }
}

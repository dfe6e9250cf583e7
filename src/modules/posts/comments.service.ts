import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import type { ReportableTarget } from '../../common/moderation/reportable-content';
import {
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { KeysetQueries, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { PageQuery } from '../../common/validation/decorators';
import { AuditLogService } from '../audit/audit-log.service';
import { PostComment } from './comment.entity';
import type { PostCommentedEvent } from './posts.events';
import type { CommentResponseDto, CreateCommentDto, UpdateCommentDto } from './dto/comment.dto';
import { PostRenderer } from './post-renderer';
import {
  readerParameters,
  readerShape,
  selectComments,
  selectVisiblePost,
  toCommentResponse,
  type CommentRow,
} from './post-query';
import { Post } from './post.entity';
import { isModerator, visibleLevels, type Viewer } from './post.types';

/** Comments and replies in the order they were written. */
const OLDEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'c.created_at', kind: 'time' },
    { sql: 'c.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

/**
 * Comments and one level of replies, oldest first. A comment is seen by whoever sees
 * its post; deleted and hidden ones only by moderators (flagged). Moderation finds and
 * hides them through `CommentReportableContent`.
 */
@Injectable()
export class CommentsService {
  private readonly thread = new KeysetQueries(OLDEST_FIRST);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
    private readonly renderer: PostRenderer,
  ) {}

  /**
   * One statement: the post's check (as a single post read: `404` unless the viewer may
   * open it) and the page of its comments, built once per kind of viewer.
   */
  async list(viewer: Viewer, postId: string, page: PageQuery): Promise<Page<CommentResponseDto>> {
    const em = this.dataSource.manager;
    const comments = await this.thread.pageUnder(
      this.dataSource,
      readerShape(viewer, true),
      () => selectVisiblePost(em, viewer, postId),
      () => selectComments(em, viewer).andWhere('c.post_id = :postId', { postId }),
      { ...readerParameters(viewer), postId },
      page,
      (row: CommentRow) => toCommentResponse(row, viewer),
    );
    if (!comments) throw new NotFoundError('Post');
    return comments;
  }

  /**
   * A comment, or a reply to a top-level comment of the same post. A reply to a reply
   * is refused (`400` on `parentId`) rather than silently re-attached, so the client
   * never shows a thread other than the one the member chose.
   */
  async create(
    author: AuthMember,
    postId: string,
    dto: CreateCommentDto,
  ): Promise<CommentResponseDto> {
    const rendered = await this.renderer.render(dto.body, undefined, author.id);
    const event = await this.dataSource.transaction(async (em): Promise<PostCommentedEvent> => {
      const post = await em
        .createQueryBuilder(Post, 'p')
        .select(['p.id', 'p.title', 'p.authorId'])
        .where('p.id = :postId AND p.deleted_at IS NULL AND p.hidden_at IS NULL', { postId })
        .andWhere('p.visibility IN (:...levels)', { levels: visibleLevels(author) })
        .getOne();
      if (!post) throw new NotFoundError('Post');
      const parent = dto.parentId ? await this.findParent(em, postId, dto.parentId) : null;
      const result = await em
        .createQueryBuilder()
        .insert()
        .into(PostComment)
        .values({
          postId,
          authorId: author.id,
          parentId: parent?.id ?? null,
          body: dto.body,
          bodyHtml: rendered.bodyHtml,
        })
        .returning(['id'])
        .execute();
      const [{ id }] = result.raw as { id: string }[];
      return {
        postId,
        postTitle: post.title,
        commentId: id,
        commentAuthorId: author.id,
        postAuthorId: post.authorId,
        parentCommentAuthorId: parent?.authorId ?? null,
      };
    });
    // Listeners (notifications) store their effects before the answer returns.
    await this.events.emitAndWait('post.commented', event);
    await this.announceMentions(author.id, event, rendered.mentionedIds);
    const comment = await this.get(author, event.commentId);
    // Watchers of the post see it live, as the list shows it to members (no moderator flags).
    const listed = { ...comment };
    delete listed.deleted;
    delete listed.hidden;
    this.events.emit('post.comment.created', { comment: listed });
    return comment;
  }

  /**
   * The author changes a comment's body (nobody else may: `403`); re-rendered with the same
   * rules as a new comment. `editedAt` is set only when the body really changes. A comment
   * the author can no longer see (removed, or its post) is `404`.
   */
  async update(author: AuthMember, id: string, dto: UpdateCommentDto): Promise<CommentResponseDto> {
    const rendered = await this.renderer.render(dto.body, undefined, author.id);
    const mentioned = await this.dataSource.transaction(async (em) => {
      const comment = await em.findOne(PostComment, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!comment || comment.deletedAt || comment.hiddenAt) throw new NotFoundError('Comment');
      await this.assertPostVisible(em, author, comment.postId);
      if (comment.authorId !== author.id) {
        throw new ForbiddenError('Only the author may edit this comment');
      }
      if (dto.body === comment.body) return null;
      await em.update(
        PostComment,
        { id },
        { body: dto.body, bodyHtml: rendered.bodyHtml, editedAt: () => 'now()' },
      );
      const before = new Set(await this.renderer.mentionedIn(comment.body, em));
      const post = await em.findOneOrFail(Post, { where: { id: comment.postId } });
      return {
        event: { postId: post.id, postTitle: post.title, commentId: id },
        added: rendered.mentionedIds.filter((memberId) => !before.has(memberId)),
      };
    });
    if (mentioned) await this.announceMentions(author.id, mentioned.event, mentioned.added);
    return this.get(author, id);
  }

  /** Tells the notifications feature whom a comment newly mentions (after commit). */
  private async announceMentions(
    authorId: string,
    comment: { postId: string; postTitle: string; commentId: string },
    memberIds: string[],
  ): Promise<void> {
    if (memberIds.length === 0) return;
    await this.events.emitAndWait('content.mentioned', {
      authorId,
      memberIds,
      about: { kind: 'post', postId: comment.postId, commentId: comment.commentId },
      data: comment,
    });
  }

  /** Soft delete by the author or a moderator (audited when it is someone else's). */
  async remove(actor: AuthMember, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const comment = await em.findOne(PostComment, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!comment || comment.deletedAt || comment.hiddenAt) throw new NotFoundError('Comment');
      await this.assertPostVisible(em, actor, comment.postId);
      if (comment.authorId !== actor.id && !isModerator(actor)) {
        throw new ForbiddenError('Only the author or a moderator may delete this comment');
      }
      await em.update(PostComment, { id }, { deletedAt: () => 'now()' });
      if (comment.authorId !== actor.id) {
        await this.audit.record(em, {
          actorId: actor.id,
          action: 'comment.deleted',
          targetType: 'comment',
          targetId: id,
          detail: { authorId: comment.authorId, postId: comment.postId },
        });
      }
    });
  }

  /** A moderator undoes a delete or a hide (the route checks the role). */
  async restoreAsModerator(actor: AuthMember, id: string): Promise<CommentResponseDto> {
    await this.dataSource.transaction(async (em) => {
      const comment = await em.findOne(PostComment, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!comment) throw new NotFoundError('Comment');
      if (!comment.deletedAt && !comment.hiddenAt) return;
      await this.restore(em, id);
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'comment.restored',
        targetType: 'comment',
        targetId: id,
        detail: {
          authorId: comment.authorId,
          postId: comment.postId,
          wasDeleted: comment.deletedAt !== null,
          wasHidden: comment.hiddenAt !== null,
        },
      });
    });
    return this.get(actor, id);
  }

  // --- Hooks for the moderation feature (through `CommentReportableContent`) ---------

  /** A comment that can be reported (it and its post not removed; seen by `reporter`), or `null`. */
  async findForReport(id: string, reporter?: AuthMember): Promise<ReportableTarget | null> {
    const qb = this.dataSource.manager
      .createQueryBuilder(PostComment, 'c')
      .innerJoin(Post, 'p', 'p.id = c.post_id AND p.deleted_at IS NULL AND p.hidden_at IS NULL')
      .select(['c.id', 'c.authorId'])
      .where('c.id = :id AND c.deleted_at IS NULL AND c.hidden_at IS NULL', { id });
    if (reporter) qb.andWhere('p.visibility IN (:...levels)', { levels: visibleLevels(reporter) });
    const comment = await qb.getOne();
    return comment ? { id: comment.id, authorId: comment.authorId } : null;
  }

  /** Hides a comment inside the moderator's transaction; `false` when there is no such comment. */
  async hide(em: EntityManager, id: string): Promise<boolean> {
    const result = await em.update(
      PostComment,
      { id },
      { hiddenAt: () => 'coalesce(hidden_at, now())' },
    );
    return (result.affected ?? 0) > 0;
  }

  // --- internals ---------------------------------------------------------------------

  /** Undoes a delete and a hide; `false` when there is no such comment. */
  private async restore(em: EntityManager, id: string): Promise<boolean> {
    const result = await em.update(PostComment, { id }, { deletedAt: null, hiddenAt: null });
    return (result.affected ?? 0) > 0;
  }

  private async get(viewer: AuthMember, id: string): Promise<CommentResponseDto> {
    const row = await selectComments(this.dataSource.manager, viewer)
      .andWhere('c.id = :id', { id })
      .getRawOne<CommentRow>();
    if (!row) throw new NotFoundError('Comment');
    return toCommentResponse(row, viewer);
  }

  private async findParent(
    em: EntityManager,
    postId: string,
    parentId: string,
  ): Promise<PostComment> {
    const parent = await em.findOneBy(PostComment, { id: parentId, postId });
    if (!parent || parent.deletedAt || parent.hiddenAt) {
      throw new ValidationFailedError([
        {
          field: 'parentId',
          messages: [
            { en: 'parentId must be a comment of this post', zh: '所回复的评论不在这篇帖子下' },
          ],
        },
      ]);
    }
    if (parent.parentId) {
      throw new ValidationFailedError([
        {
          field: 'parentId',
          messages: [
            {
              en: 'replies are one level deep: reply to the top comment',
              zh: '回复只有一层：请回复最上层的评论',
            },
          ],
        },
      ]);
    }
    return parent;
  }

  private async assertPostVisible(em: EntityManager, actor: AuthMember, postId: string) {
    const visible = await em
      .createQueryBuilder(Post, 'p')
      .where('p.id = :postId AND p.deleted_at IS NULL AND p.hidden_at IS NULL', { postId })
      .andWhere('p.visibility IN (:...levels)', { levels: visibleLevels(actor) })
      .getExists();
    if (!visible) throw new NotFoundError('Comment');
  }
}

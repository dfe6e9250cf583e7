import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  type EntityManager,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import type { ReportableTarget } from '../../common/moderation/reportable-content';
import {
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { CacheVersions, VersionedCache, type CacheVersion } from '../../common/cache/shared-cache';
import { PreparedQueries, PreparedQuery } from '../../common/database/prepared-query';
import { KeysetQueries, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import { AuditLogService } from '../audit/audit-log.service';
import type {
  CreatePostDto,
  LikeStateDto,
  ListPostsQueryDto,
  PostPreviewDto,
  PreviewPostDto,
  PostResponseDto,
  PostSummaryDto,
  TagCountDto,
  UpdatePostDto,
} from './dto/post.dto';
import { excerptOf } from './excerpt';
import { FollowedSources, type FollowedSourcesDto } from './followed-sources';
import { PostRenderer } from './post-renderer';
import { coverUploadIdOf } from '../uploads/upload-url';
import { PostLike } from './post-like.entity';
import {
  notRemoved,
  postsVisibleTo,
  readerParameters,
  readerShape,
  selectPosts,
  toPostResponse,
  toPostSummary,
  type PostRow,
  type PostSummaryRow,
} from './post-query';
import { Post } from './post.entity';
import {
  isModerator,
  VISIBILITIES,
  visibleLevels,
  type Viewer,
  type Visibility,
} from './post.types';
import { documentTokens, documentWeights, queryTokens } from '../../common/search/search-tokens';

interface PublicPostRefRow {
  id: string;
  created_at: Date;
  edited_at: Date | null;
}

interface PublicPostRow extends PublicPostRefRow {
  title: string;
  excerpt: string;
}

/** A public post's id and dates. */
export interface PublicPostRef {
  id: string;
  createdAt: Date;
  /** When the title or body last changed; `null` if never. */
  editedAt: Date | null;
}

/** What a public post's page tells a visitor before the client runs. */
export interface PublicPost extends PublicPostRef {
  title: string;
  excerpt: string;
}

const toPublicPostRef = (row: PublicPostRefRow): PublicPostRef => ({
  id: row.id,
  createdAt: row.created_at,
  editedAt: row.edited_at,
});

const RELATED_LIMIT = 5;
const TAGS_LIMIT = 100;

/**
 * How long a cached tag list or search page may serve a change nobody announced: a write
 * by another program, or one made while Redis was unreachable. Announced changes
 * (`listsChanged`) take effect on the next read, in every process.
 */
const LISTS_CACHE_TTL_MS = 60_000;
const SEARCH_CACHE_ENTRIES = 1_000;

/** A ranked page of search results, as cached: the posts' ids and the next cursor. */
interface RankedPage {
  ids: string[];
  nextCursor: string | null;
}

/**
 * How many of the newest matching posts of a list a search ranks by relevance. With at
 * most `MAX_QUERY_TOKENS` tokens and `MAX_WEIGHTED_TOKENS` weights per post, a search's
 * work is bounded whatever the query and the posts.
 */
export const SEARCH_WINDOW = 1_000;

/**
 * A candidate's relevance: the stored weight of each query token summed (3 per
 * occurrence in the title, 1 in the body; a token without a stored weight weighs 1). It
 * reads no title or body: a long post costs no more to rank than a short one.
 */
const SEARCH_SCORE = `(SELECT coalesce(sum(coalesce((w.search_weights ->> token)::int, 1)), 0)::int
  FROM unnest(CAST(:tokens AS text[])) AS token)`;

const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'p.created_at', kind: 'time' },
    { sql: 'p.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/** Search results (the window `w` of candidates): the most relevant first, then the newest. */
const BY_RELEVANCE: KeysetOrder = {
  keys: [
    { sql: SEARCH_SCORE, kind: 'int' },
    { sql: 'w.created_at', kind: 'time' },
    { sql: 'w.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/** A list's optional filters; each one set is a condition of its statement. */
interface PostFilters {
  tags?: string[];
  authorId?: string;
  tokens?: string[];
  /** `feed=following`: posts by these members or with one of these tags (both set together). */
  followedMembers?: string[];
  followedTags?: string[];
}

/** Narrows a read of posts (alias `p`) by the filters that are set. */
function narrow<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filters: PostFilters,
): SelectQueryBuilder<T> {
  if (filters.tags) qb.andWhere('p.tags @> CAST(:tags AS text[])', { tags: filters.tags });
  if (filters.authorId) qb.andWhere('p.author_id = :authorId', { authorId: filters.authorId });
  if (filters.tokens) {
    qb.andWhere('p.search_tokens @> CAST(:tokens AS text[])', { tokens: filters.tokens });
  }
  if (filters.followedMembers) {
    qb.andWhere(
      '(p.author_id = ANY(CAST(:followedMembers AS uuid[])) OR p.tags && CAST(:followedTags AS text[]))',
      { followedMembers: filters.followedMembers, followedTags: filters.followedTags ?? [] },
    );
  }
  return qb;
}

/**
 * A search's candidates `w`: the newest `SEARCH_WINDOW` posts of the list that match (the
 * posts the viewer sees, narrowed by the filters), with what ranking reads. A common term
 * (运营) matches a fifth of all posts: relevance is scored among these only, and removed or
 * unseen posts take no place in the window.
 */
function searchWindow(
  em: EntityManager,
  viewer: Viewer,
  includeRemoved: boolean | undefined,
  filters: PostFilters,
): SelectQueryBuilder<ObjectLiteral> {
  const window = narrow(postsVisibleTo(em, viewer, includeRemoved), filters)
    .select(['p.id AS id', 'p.created_at AS created_at', 'p.search_weights AS search_weights'])
    .orderBy('p.created_at', 'DESC')
    .limit(SEARCH_WINDOW);
  return em
    .createQueryBuilder()
    .select('w.id', 'id')
    .from(`(${window.getQuery()})`, 'w')
    .setParameters(window.getParameters());
}

/**
 * Posts, likes, tags, search and recommended reading; and the hooks the moderation
 * feature uses (through `PostReportableContent`) to find, hide and restore posts.
 */
@Injectable()
export class PostsService {
  /** The single post reads, built once per shape. */
  private readonly reads = new PreparedQueries();
  private readonly newestFirst = new KeysetQueries(NEWEST_FIRST);
  private readonly byRelevance = new KeysetQueries(BY_RELEVANCE);
  /** Tag lists by visible levels, and ranked search pages: both follow `listsChanged`. */
  private readonly lists: CacheVersion;
  private readonly tagLists: VersionedCache<string, TagCountDto[]>;
  private readonly searches: VersionedCache<string, RankedPage>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
    @Optional() @Inject(FollowedSources) private readonly followed: FollowedSources | null,
    private readonly renderer: PostRenderer,
    versions: CacheVersions,
  ) {
    const lists = versions.of('posts');
    this.tagLists = new VersionedCache(lists, LISTS_CACHE_TTL_MS, VISIBILITIES.length);
    this.searches = new VersionedCache(lists, LISTS_CACHE_TTL_MS, SEARCH_CACHE_ENTRIES);
    this.lists = lists;
  }

  /**
   * What lists show of posts changed: a post was written, edited, removed, hidden or
   * restored. Cached tag lists and search pages are stale from now on, in every process.
   * Called after the change has committed.
   */
  listsChanged(): Promise<void> {
    return this.lists.change();
  }

  /**
   * Summaries (no body): the SQL never reads `body` or `body_html`. Built once per shape
   * (the viewer's kind, which filters are on): a request only binds its values.
   */
  async list(viewer: Viewer, query: ListPostsQueryDto): Promise<Page<PostSummaryDto>> {
    if (query.includeRemoved && !isModerator(viewer)) {
      throw new ForbiddenError('Only moderators see removed posts');
    }
    const tokens = query.q === undefined ? undefined : queryTokens(query.q);
    if (tokens?.length === 0) return { items: [], nextCursor: null };
    const followed = query.feed === 'following' ? await this.followedBy(viewer) : undefined;
    if (followed && followed.memberIds.length + followed.tags.length === 0) {
      return { items: [], nextCursor: null };
    }
    const filters: PostFilters = {
      tags: query.tag === undefined ? undefined : [query.tag],
      authorId: query.authorId,
      tokens,
      followedMembers: followed?.memberIds,
      followedTags: followed?.tags,
    };
    const shape = [
      readerShape(viewer, query.includeRemoved),
      ...Object.keys(filters).filter((name) => filters[name as keyof PostFilters] !== undefined),
    ].join('|');
    const parameters = { ...readerParameters(viewer), ...filters };
    const toItem = (row: PostSummaryRow) => toPostSummary(row, viewer);
    const em = this.dataSource.manager;
    if (!tokens) {
      return this.newestFirst.page(
        this.dataSource,
        shape,
        () => narrow(selectPosts(em, viewer, { includeRemoved: query.includeRemoved }), filters),
        parameters,
        query,
        toItem,
      );
    }
    // The same ranked page serves every caller of the same kind until a post changes; its
    // posts are then read fresh (counts, likes) by id.
    const key = JSON.stringify([shape, parameters.levels, filters, query.cursor, query.limit]);
    let read: Page<PostSummaryDto> | undefined;
    const ranked = await this.searches.get(key, async () => {
      read = await this.byRelevance.pickedPage(
        this.dataSource,
        shape,
        () => searchWindow(em, viewer, query.includeRemoved, filters),
        () => selectPosts(em, viewer, { includeRemoved: query.includeRemoved }),
        parameters,
        query,
        toItem,
      );
      return { ids: read.items.map((item) => item.id), nextCursor: read.nextCursor };
    });
    if (read) return read;
    return {
      items: await this.summariesOf(viewer, query.includeRemoved, ranked.ids),
      nextCursor: ranked.nextCursor,
    };
  }

  /** What a member's `feed=following` is made of; a visitor has none (`401`). */
  private async followedBy(viewer: Viewer): Promise<FollowedSourcesDto> {
    if (!viewer) throw new UnauthenticatedError('feed=following needs a signed-in member');
    return (await this.followed?.followedBy(viewer.id)) ?? { memberIds: [], tags: [] };
  }

  /** One post as the viewer sees it; a moderator also sees a removed one (flagged). */
  async get(viewer: Viewer, id: string): Promise<PostResponseDto> {
    return toPostResponse(await this.findRow(viewer, id), viewer);
  }

  /**
   * The HTML publishing `body` would store (same renderer and sanitizer, the same author's
   * uploads as images): the caller's new post, or with `postId` the edit of that post, which
   * only who may edit it previews (as `update` refuses them). Stores nothing.
   */
  async preview(member: AuthMember, { body, postId }: PreviewPostDto): Promise<PostPreviewDto> {
    const authorId = postId
      ? (await this.findWritable(this.dataSource.manager, member, postId)).authorId
      : member.id;
    return { bodyHtml: (await this.renderer.render(body, undefined, authorId)).bodyHtml };
  }

  /** Whose uploads an edit's body may show: the post's author (a moderator edits theirs). */
  private async authorIdOf(id: string, actor: AuthMember): Promise<string> {
    const rows = await this.dataSource.query<{ author_id: string }[]>(
      'SELECT author_id FROM posts WHERE id = $1',
      [id],
    );
    return rows[0]?.author_id ?? actor.id;
  }

  async create(author: AuthMember, dto: CreatePostDto): Promise<PostResponseDto> {
    const visibility = dto.visibility ?? 'public';
    const tags = dto.tags ?? [];
    this.assertMayAddress(author, visibility);
    const rendered = await this.renderer.render(dto.body, undefined, author.id);
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(Post)
      .values({
        authorId: author.id,
        title: dto.title,
        body: dto.body,
        bodyHtml: rendered.bodyHtml,
        coverUploadId: coverUploadIdOf(rendered.bodyHtml),
        excerpt: excerptOf(dto.body),
        tags,
        visibility,
        searchTokens: documentTokens(dto.title, dto.body, ...tags),
        searchWeights: documentWeights(dto.title, dto.body, tags),
      })
      .returning(['id'])
      .execute();
    const [{ id }] = result.raw as { id: string }[];
    await this.listsChanged();
    await this.announceMentions(
      author.id,
      { postId: id, postTitle: dto.title },
      rendered.mentionedIds,
    );
    return this.get(author, id);
  }

  /** The author or a moderator; another member's visible post is `403`, an invisible one `404`. */
  async update(actor: AuthMember, id: string, dto: UpdatePostDto): Promise<PostResponseDto> {
    const rendered =
      dto.body !== undefined
        ? await this.renderer.render(dto.body, undefined, await this.authorIdOf(id, actor))
        : null;
    const mentioned = await this.dataSource.transaction(async (em) => {
      const post = await this.lockWritable(em, actor, id);
      if (dto.visibility) this.assertMayAddress(actor, dto.visibility);
      const title = dto.title ?? post.title;
      const body = dto.body ?? post.body;
      const tags = dto.tags ?? post.tags;
      // The API contract: `editedAt` marks a changed title or body, not tags or visibility.
      const edited = title !== post.title || body !== post.body;
      await em.update(
        Post,
        { id },
        {
          ...(dto.title !== undefined ? { title } : {}),
          ...(rendered
            ? {
                body,
                bodyHtml: rendered.bodyHtml,
                coverUploadId: coverUploadIdOf(rendered.bodyHtml),
                excerpt: excerptOf(body),
              }
            : {}),
          ...(dto.tags !== undefined ? { tags } : {}),
          ...(dto.visibility !== undefined ? { visibility: dto.visibility } : {}),
          ...(edited ? { editedAt: () => 'now()' } : {}),
          searchTokens: documentTokens(title, body, ...tags),
          searchWeights: documentWeights(title, body, tags),
        },
      );
      if (post.authorId !== actor.id) {
        await this.audit.record(em, {
          actorId: actor.id,
          action: 'post.edited',
          targetType: 'post',
          targetId: id,
          detail: { authorId: post.authorId, fields: Object.keys(dto) },
        });
      }
      // Mentions notify in the author's name: a moderator's edit of another's post tells nobody.
      if (!rendered || body === post.body || post.authorId !== actor.id) return null;
      const before = new Set(await this.renderer.mentionedIn(post.body, em));
      return {
        post: { postId: id, postTitle: title },
        added: rendered.mentionedIds.filter((memberId) => !before.has(memberId)),
      };
    });
    await this.listsChanged();
    if (mentioned) await this.announceMentions(actor.id, mentioned.post, mentioned.added);
    return this.get(actor, id);
  }

  /** Tells the notifications feature whom a post newly mentions (after commit). */
  private async announceMentions(
    authorId: string,
    post: { postId: string; postTitle: string },
    memberIds: string[],
  ): Promise<void> {
    if (memberIds.length === 0) return;
    await this.events.emitAndWait('content.mentioned', {
      authorId,
      memberIds,
      about: { kind: 'post', postId: post.postId },
      data: post,
    });
  }

  /** Soft delete by the author or a moderator (audited when it is someone else's post). */
  async remove(actor: AuthMember, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const post = await this.lockWritable(em, actor, id);
      await em.update(Post, { id }, { deletedAt: () => 'now()' });
      if (post.authorId !== actor.id) {
        await this.audit.record(em, {
          actorId: actor.id,
          action: 'post.deleted',
          targetType: 'post',
          targetId: id,
          detail: { authorId: post.authorId },
        });
      }
    });
    await this.listsChanged();
  }

  /** A moderator undoes a delete or a hide (the route checks the role). */
  async restoreAsModerator(actor: AuthMember, id: string): Promise<PostResponseDto> {
    await this.dataSource.transaction(async (em) => {
      const post = await em.findOne(Post, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!post) throw new NotFoundError('Post');
      if (!post.deletedAt && !post.hiddenAt) return;
      await this.restorePost(em, id);
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'post.restored',
        targetType: 'post',
        targetId: id,
        detail: {
          authorId: post.authorId,
          wasDeleted: post.deletedAt !== null,
          wasHidden: post.hiddenAt !== null,
        },
      });
    });
    await this.listsChanged();
    return this.get(actor, id);
  }

  /**
   * Idempotent: liking twice is one like; un-liking what is not liked changes nothing. A
   * change raises `post.likes.changed` (the post's watchers see the count live).
   */
  async setLike(member: AuthMember, postId: string, liked: boolean): Promise<LikeStateDto> {
    const { state, changed } = await this.dataSource.transaction(async (em) => {
      const visible = await selectPosts(em, member)
        .andWhere('p.id = :postId', { postId })
        .getRawOne<PostSummaryRow>();
      if (!visible) throw new NotFoundError('Post');
      const changed = liked
        ? await em
            .createQueryBuilder()
            .insert()
            .into(PostLike)
            .values({ postId, memberId: member.id })
            .orIgnore()
            .returning('post_id')
            .execute()
        : await em
            .createQueryBuilder()
            .delete()
            .from(PostLike)
            .where({ postId, memberId: member.id })
            .returning('post_id')
            .execute();
      if ((changed.raw as unknown[]).length === 0) {
        return { state: { likeCount: visible.like_count, likedByMe: liked }, changed: false };
      }
      const updated = await em
        .createQueryBuilder()
        .update(Post)
        .set({
          likeCount: () => `like_count ${liked ? '+' : '-'} 1`,
          updatedAt: () => 'updated_at',
        })
        .where({ id: postId })
        .returning('like_count')
        .execute();
      const [{ like_count }] = updated.raw as { like_count: number }[];
      return { state: { likeCount: like_count, likedByMe: liked }, changed: true };
    });
    if (changed) this.events.emit('post.likes.changed', { postId });
    return state;
  }

  /** Up to five visible posts sharing the most tags with this one, then the newest. */
  async related(viewer: Viewer, id: string): Promise<Page<PostSummaryDto>> {
    const post = await this.findRow(viewer, id, { withBody: false });
    if (post.tags.length === 0) return { items: [], nextCursor: null };
    const rows = await selectPosts(this.dataSource.manager, viewer)
      .addSelect(
        'cardinality(ARRAY(SELECT unnest(p.tags) INTERSECT SELECT unnest(CAST(:tags AS text[]))))',
        'shared',
      )
      .andWhere('p.tags && CAST(:tags AS text[])', { tags: post.tags })
      .andWhere('p.id <> :id', { id })
      .orderBy('shared', 'DESC')
      .addOrderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(RELATED_LIMIT)
      .getRawMany<PostSummaryRow>();
    return { items: rows.map((row) => toPostSummary(row, viewer)), nextCursor: null };
  }

  /** Tags of the posts the viewer sees, most used first (at most 100). */
  async tags(viewer: Viewer): Promise<{ items: TagCountDto[]; nextCursor: null }> {
    const levels = visibleLevels(viewer);
    const items = await this.tagLists.get(levels.join(), () => this.countTags(viewer, levels));
    return { items, nextCursor: null };
  }

  /** Counted over every post the viewer's levels see: read once per change (`tags`). */
  private countTags(viewer: Viewer, levels: Visibility[]): Promise<TagCountDto[]> {
    return this.dataSource.query<TagCountDto[]>(
      `SELECT tag AS name, count(*)::int AS "postCount"
         FROM posts p CROSS JOIN LATERAL unnest(p.tags) AS tag
        WHERE p.visibility = ANY(CAST($1 AS posts_visibility_enum[])) AND ${notRemoved('p', viewer)}
        GROUP BY tag
        ORDER BY "postCount" DESC, tag ASC
        LIMIT ${TAGS_LIMIT}`,
      [levels],
    );
  }

  // --- The public read, for pages a visitor or a search engine gets ------------------

  /**
   * A post a visitor sees (public, neither deleted nor hidden): only what a page's head
   * needs, in one statement on the primary key; `null` for anything else.
   */
  async findPublic(id: string): Promise<PublicPost | null> {
    const row = await this.publicPosts()
      .addSelect(['p.title AS title', 'p.excerpt AS excerpt'])
      .andWhere('p.id = :id', { id })
      .getRawOne<PublicPostRow>();
    return row ? { ...toPublicPostRef(row), title: row.title, excerpt: row.excerpt } : null;
  }

  /** The newest `limit` posts a visitor sees, ids and dates only (the sitemap). */
  async listPublic(limit: number): Promise<PublicPostRef[]> {
    const rows = await this.publicPosts()
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit)
      .getRawMany<PublicPostRefRow>();
    return rows.map(toPublicPostRef);
  }

  /** Posts as a visitor sees them, selecting the id and the dates. */
  private publicPosts() {
    return postsVisibleTo(this.dataSource.manager, undefined).select([
      'p.id AS id',
      'p.created_at AS created_at',
      'p.edited_at AS edited_at',
    ]);
  }

  // --- Hooks for the moderation feature (always inside its transaction) -------------

  /** Hides a post (a resolved report); `false` when there is no such post. */
  async hidePost(em: EntityManager, id: string): Promise<boolean> {
    const result = await em.update(Post, { id }, { hiddenAt: () => 'coalesce(hidden_at, now())' });
    return (result.affected ?? 0) > 0;
  }

  /** Undoes a delete and a hide; `false` when there is no such post. */
  async restorePost(em: EntityManager, id: string): Promise<boolean> {
    const result = await em.update(Post, { id }, { deletedAt: null, hiddenAt: null });
    return (result.affected ?? 0) > 0;
  }

  /**
   * A post that can be reported (not deleted or hidden), or `null`. With `reporter`, also
   * `null` when the reporter may not see it (so a report cannot probe for hidden posts).
   */
  async findPostForReport(id: string, reporter?: AuthMember): Promise<ReportableTarget | null> {
    const qb = this.dataSource.manager
      .createQueryBuilder(Post, 'p')
      .select(['p.id', 'p.authorId'])
      .where('p.id = :id AND p.deleted_at IS NULL AND p.hidden_at IS NULL', { id });
    if (reporter) qb.andWhere('p.visibility IN (:...levels)', { levels: visibleLevels(reporter) });
    const post = await qb.getOne();
    return post ? { id: post.id, authorId: post.authorId } : null;
  }

  // --- internals ---------------------------------------------------------------------

  /** The summaries of these posts in this order, as the viewer sees them now (one read). */
  private async summariesOf(
    viewer: Viewer,
    includeRemoved: boolean | undefined,
    ids: string[],
  ): Promise<PostSummaryDto[]> {
    if (ids.length === 0) return [];
    const query = this.reads.get(`${readerShape(viewer, includeRemoved)}|ids`, () =>
      PreparedQuery.of(
        selectPosts(this.dataSource.manager, viewer, { includeRemoved }).andWhere(
          'p.id = ANY(CAST(:ids AS uuid[]))',
          { ids },
        ),
      ),
    );
    const rows = await query.run<PostSummaryRow>(this.dataSource, {
      ...readerParameters(viewer),
      ids,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toPostSummary(row, viewer)] : [];
    });
  }

  private async findRow(viewer: Viewer, id: string): Promise<PostRow>;
  private async findRow(
    viewer: Viewer,
    id: string,
    options: { withBody: false },
  ): Promise<PostSummaryRow>;
  private async findRow(
    viewer: Viewer,
    id: string,
    { withBody = true }: { withBody?: boolean } = {},
  ): Promise<PostSummaryRow> {
    const query = this.reads.get(
      `${readerShape(viewer, true)}|${withBody ? 'body' : 'summary'}`,
      () =>
        PreparedQuery.of(
          selectPosts(this.dataSource.manager, viewer, { includeRemoved: true, withBody }).andWhere(
            'p.id = :id',
            { id },
          ),
        ),
    );
    const [row] = await query.run<PostSummaryRow>(this.dataSource, {
      ...readerParameters(viewer),
      id,
    });
    if (!row) throw new NotFoundError('Post');
    return row;
  }

  /**
   * The post locked for a change by `actor`: `404` unless the actor sees it (removed
   * posts are not edited or deleted), `403` unless the actor wrote it or moderates.
   */
  private lockWritable(em: EntityManager, actor: AuthMember, id: string): Promise<Post> {
    return this.findWritable(em, actor, id, true);
  }

  /** A post the actor may change: `404` when they cannot see it, `403` when not theirs. */
  private async findWritable(
    em: EntityManager,
    actor: AuthMember,
    id: string,
    lock = false,
  ): Promise<Post> {
    const post = await em.findOne(Post, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (
      !post ||
      post.deletedAt ||
      post.hiddenAt ||
      !visibleLevels(actor).includes(post.visibility)
    ) {
      throw new NotFoundError('Post');
    }
    if (post.authorId !== actor.id && !isModerator(actor)) {
      throw new ForbiddenError('Only the author or a moderator may change this post');
    }
    return post;
  }

  /** A member posts only to an audience they belong to. */
  private assertMayAddress(member: AuthMember, visibility: Visibility): void {
    if (!visibleLevels(member).includes(visibility)) {
      throw new ForbiddenError(`You may not post with visibility "${visibility}"`);
    }
  }
}

import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar } from './Avatar';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import type { Page, PostSummary } from '../lib/types';
import { BookmarkButton } from './BookmarkButton';
import { Empty, ErrorNote, Loading, TierBadge } from './ui';

interface Filter {
  tag?: string;
  q?: string;
  authorId?: string;
  /** `following`: posts by followed members or with a followed tag. */
  feed?: 'following';
}

export function PostCard({ post }: { post: PostSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="card post-card">
      <h2>
        <Link to={`/posts/${post.id}`}>{post.title}</Link>
      </h2>
      <p className="meta">
        <Avatar name={post.author.displayName} url={post.author.avatarUrl} size={24} />
        <Link to={`/members/${post.author.id}`}>{post.author.displayName}</Link>
        <TierBadge tier={post.author.tier} />
        {post.author.operatorType && (
          <span className="muted">{t(`operatorTypes.${post.author.operatorType}`)}</span>
        )}
        <time dateTime={post.createdAt}>{formatDate(post.createdAt, i18n.language)}</time>
      </p>
      <p className="excerpt">{post.excerpt}</p>
      <p className="meta">
        {post.tags.map((tag) => (
          <Link key={tag} className="tag" to={`/?tag=${encodeURIComponent(tag)}`}>
            #{tag}
          </Link>
        ))}
        <span className="muted">{t('feed.likes', { count: post.likeCount })}</span>
        <span className="muted">{t('feed.comments', { count: post.commentCount })}</span>
        <BookmarkButton postId={post.id} bookmarked={post.bookmarkedByMe} />
      </p>
    </article>
  );
}

/** Posts newest first (or as `path` lists them: a member's posts, bookmarks), a page at a time. */
export function PostList({
  filter,
  emptyText,
  path = '/posts',
}: {
  filter: Filter;
  emptyText: string;
  path?: string;
}) {
  const { t } = useTranslation();
  const posts = useInfiniteQuery({
    queryKey: ['posts', path, filter],
    queryFn: ({ pageParam }) =>
      api<Page<PostSummary>>(path, { query: { ...filter, cursor: pageParam, limit: 20 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (posts.isPending) return <Loading />;
  if (posts.isError) return <ErrorNote error={posts.error} />;
  const items = posts.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Empty>{emptyText}</Empty>;
  return (
    <div className="stack" data-testid="post-list">
      {items.map((post) => (
        <PostCard key={post.id} post={post} />
      ))}
      {posts.hasNextPage && (
        <button
          type="button"
          className="secondary"
          disabled={posts.isFetchingNextPage}
          onClick={() => void posts.fetchNextPage()}
        >
          {posts.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PostList } from '../components/PostList';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import type { Page, TagCount } from '../lib/types';

export function FeedPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tag = params.get('tag') ?? undefined;
  const q = params.get('q') ?? undefined;
  const feed = params.get('feed') === 'following' ? 'following' : undefined;
  const { signedIn } = useAuth();
  const [search, setSearch] = useState(q ?? '');
  const tags = useQuery({
    queryKey: ['tags'],
    queryFn: () => api<Page<TagCount>>('/tags'),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (search.trim()) next.set('q', search.trim());
    if (tag) next.set('tag', tag);
    if (feed) next.set('feed', feed);
    setParams(next);
  };

  const heading = q
    ? t('feed.results', { q })
    : tag
      ? t('feed.taggedWith', { tag })
      : t('feed.title');

  return (
    <div className="with-aside">
      <section>
        <h1>{heading}</h1>
        <form className="search" role="search" onSubmit={submit}>
          <label htmlFor="feed-search" className="sr-only">
            {t('feed.searchLabel')}
          </label>
          <input
            id="feed-search"
            type="search"
            value={search}
            placeholder={t('feed.searchPlaceholder')}
            onChange={(event) => setSearch(event.target.value)}
          />
          <button type="submit">{t('common.search')}</button>
        </form>
        {signedIn && (
          <nav className="tabs" aria-label={t('network.feeds')}>
            <Link
              to="/"
              className={feed ? undefined : 'active'}
              aria-current={feed ? undefined : 'page'}
            >
              {t('network.allPosts')}
            </Link>
            <Link
              to="/?feed=following"
              className={feed ? 'active' : undefined}
              aria-current={feed ? 'page' : undefined}
              data-testid="following-feed"
            >
              {t('network.followingFeed')}
            </Link>
          </nav>
        )}
        <PostList
          filter={{ tag, q, feed: signedIn ? feed : undefined }}
          emptyText={
            q ? t('feed.emptySearch', { q }) : feed ? t('network.followingEmpty') : t('feed.empty')
          }
        />
      </section>
      <aside aria-labelledby="tags-heading">
        <h2 id="tags-heading">{t('feed.tags')}</h2>
        <div className="tags">
          <Link className={!tag ? 'tag active' : 'tag'} to="/">
            {t('feed.allTags')}
          </Link>
          {tags.data?.items.map((item) => (
            <Link
              key={item.name}
              className={item.name === tag ? 'tag active' : 'tag'}
              to={`/?tag=${encodeURIComponent(item.name)}`}
              aria-current={item.name === tag ? 'page' : undefined}
            >
              #{item.name} <span className="muted">{item.postCount}</span>
            </Link>
          ))}
        </div>
      </aside>
    </div>
  );
}

import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../lib/api';
import type { DirectoryMember } from '../lib/network';
import type { Page } from '../lib/types';
import { Avatar } from './Avatar';
import { FollowButton } from './FollowButton';
import { Empty, ErrorNote, Loading, TierBadge } from './ui';

/** A member in the directory or a follower list: who they are, what they do, follow. */
export function MemberCard({ member }: { member: DirectoryMember }) {
  const { t } = useTranslation();
  return (
    <article className="card member-card" data-testid="member-card">
      <div className="row between wrap">
        <h2 className="member-card-name">
          <Avatar name={member.displayName} url={member.avatarUrl} size={36} />
          <Link to={`/members/${member.id}`}>{member.displayName}</Link>{' '}
          <TierBadge tier={member.tier} />
        </h2>
        <FollowButton memberId={member.id} following={member.followedByMe} />
      </div>
      <p className="meta">
        <span>{t(`operatorTypes.${member.operatorType ?? 'none'}`)}</span>
        {member.company && <span>{member.company}</span>}
        <span className="muted">{t('network.followers', { count: member.followerCount })}</span>
      </p>
      {member.expertise.length > 0 && (
        <p className="meta">
          {member.expertise.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </p>
      )}
    </article>
  );
}

/** Members from a paged list (`path` with `query`), a page at a time. */
export function MemberList({
  path,
  query = {},
  emptyText,
}: {
  path: string;
  query?: Record<string, string | undefined>;
  emptyText: string;
}) {
  const { t } = useTranslation();
  const members = useInfiniteQuery({
    queryKey: ['members', path, query],
    queryFn: ({ pageParam }) =>
      api<Page<DirectoryMember>>(path, { query: { ...query, cursor: pageParam, limit: 20 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorNote error={members.error} />;
  const items = members.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Empty>{emptyText}</Empty>;
  return (
    <div className="stack" data-testid="member-list">
      {items.map((member) => (
        <MemberCard key={member.id} member={member} />
      ))}
      {members.hasNextPage && (
        <button
          type="button"
          className="secondary"
          disabled={members.isFetchingNextPage}
          onClick={() => void members.fetchNextPage()}
        >
          {members.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

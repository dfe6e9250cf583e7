import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import { MemberList } from '../components/MemberList';
import { ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { isMissing } from '../lib/errors';
import type { PublicProfile } from '../lib/types';
import { NotFoundPage } from './NotFound';

export const FollowersPage = () => <FollowsPage which="followers" />;
export const FollowingPage = () => <FollowsPage which="following" />;

/** A member's followers or the members they follow (`/members/:id/followers|following`). */
function FollowsPage({ which }: { which: 'followers' | 'following' }) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const profile = useQuery({
    queryKey: ['member', id],
    queryFn: () => api<PublicProfile>(`/members/${id}`),
  });
  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    return isMissing(profile.error) ? <NotFoundPage /> : <ErrorNote error={profile.error} />;
  }
  const m = profile.data;
  return (
    <div className="stack">
      <h1>
        <Link to={`/members/${id}`}>{m.displayName}</Link>
      </h1>
      <nav className="tabs" aria-label={m.displayName}>
        <NavLink to={`/members/${id}/followers`}>
          {t('network.followers', { count: m.followerCount })}
        </NavLink>
        <NavLink to={`/members/${id}/following`}>
          {t('network.followingCount', { count: m.followingCount })}
        </NavLink>
      </nav>
      <MemberList
        key={which}
        path={`/members/${id}/${which}`}
        emptyText={which === 'followers' ? t('network.noFollowers') : t('network.noFollowing')}
      />
    </div>
  );
}

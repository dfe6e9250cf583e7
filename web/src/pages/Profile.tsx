import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Avatar } from '../components/Avatar';
import { FollowButton } from '../components/FollowButton';
import { MemberActions } from '../components/MemberActions';
import { PostList } from '../components/PostList';
import { ErrorNote, Loading, TierBadge } from '../components/ui';
import { api } from '../lib/api';
import { isMissing } from '../lib/errors';
import { formatDay } from '../lib/format';
import { useAuth } from '../lib/auth';
import type { PublicProfile, Role } from '../lib/types';
import { NotFoundPage } from './NotFound';

export function ProfilePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
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
      <section className="card profile">
        <h1 className="profile-name">
          <Avatar name={m.displayName} url={m.avatarUrl} size={56} />
          {m.displayName} <TierBadge tier={m.tier} />
          {m.role !== 'member' && <span className="badge">{t(`roles.${m.role}`)}</span>}
        </h1>
        <p className="meta">
          <span>{t(`operatorTypes.${m.operatorType ?? 'none'}`)}</span>
          {m.company && <span>{m.company}</span>}
          <span className="muted">
            {t('profile.memberSince', { date: formatDay(m.createdAt, i18n.language) })}
          </span>
        </p>
        {m.bio && <p className="bio">{m.bio}</p>}
        <p className="meta follow-counts">
          <Link to={`/members/${m.id}/followers`} data-testid="follower-count">
            {t('network.followers', { count: m.followerCount })}
          </Link>
          <Link to={`/members/${m.id}/following`}>
            {t('network.followingCount', { count: m.followingCount })}
          </Link>
        </p>
        <div className="row wrap">
          <FollowButton memberId={m.id} following={m.followedByMe} />
          {/* The message and block buttons (direct conversations) sit beside it. */}
          <MemberActions memberId={m.id} />
        </div>
        <AdminRole member={m} />
        {m.expertise.length > 0 && (
          <p className="meta">
            {m.expertise.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </p>
        )}
      </section>
      <h2>{t('profile.posts')}</h2>
      <PostList path={`/members/${id}/posts`} filter={{}} emptyText={t('profile.noPosts')} />
    </div>
  );
}

const ROLES: Role[] = ['member', 'moderator', 'admin'];

/** Admins grant and remove the moderator role from the member's page. */
function AdminRole({ member }: { member: PublicProfile }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (role: Role) =>
      api<PublicProfile>(`/admin/members/${member.id}/role`, { method: 'PATCH', body: { role } }),
    onSuccess: (profile) => queryClient.setQueryData(['member', member.id], profile),
  });
  if (me?.role !== 'admin' || me.id === member.id) return null;
  return (
    <div className="row wrap admin-role">
      <label className="inline">
        {t('mod.action')}:{' '}
        <select
          value={member.role}
          disabled={change.isPending}
          aria-label={t('roles.moderator')}
          onChange={(event) => change.mutate(event.target.value as Role)}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </label>
      {change.isSuccess && <span className="ok">{t('mod.roleChanged')}</span>}
      <ErrorNote error={change.error} />
    </div>
  );
}

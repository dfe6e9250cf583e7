import { useTranslation } from 'react-i18next';
import { useAuth } from '../lib/auth';
import { useFollow } from '../lib/network';
import { ErrorNote } from './ui';

/** "Follow" / "Following" for another member (nothing on one's own profile or for visitors). */
export function FollowButton({ memberId, following }: { memberId: string; following: boolean }) {
  const { t } = useTranslation();
  const { me, signedIn } = useAuth();
  const follow = useFollow(memberId);
  if (!signedIn || !me || me.id === memberId) return null;
  return (
    <>
      <button
        type="button"
        className={following ? 'secondary small' : 'small'}
        aria-pressed={following}
        disabled={follow.isPending}
        data-testid="follow-member"
        onClick={() => follow.mutate(!following)}
      >
        {following ? t('network.following') : t('network.follow')}
      </button>
      <ErrorNote error={follow.error} />
    </>
  );
}

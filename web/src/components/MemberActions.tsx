import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import type { BlockedMember, Page } from '../lib/types';
import { ErrorNote } from './ui';

/** The members the reader blocked (one list, shared by profiles and the settings page). */
export function useBlocks(enabled = true) {
  const { signedIn } = useAuth();
  return useQuery({
    queryKey: ['blocks'],
    queryFn: () => api<Page<BlockedMember>>('/members/me/blocks'),
    enabled: signedIn && enabled,
  });
}

/**
 * On someone else's profile: "Message" (a new conversation, or the existing one) and
 * "Block" / "Unblock". A block is silent to the other member.
 */
export function MemberActions({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const { me, signedIn } = useAuth();
  const queryClient = useQueryClient();
  const blocks = useBlocks(me?.id !== memberId);
  const blocked = blocks.data?.items.some((member) => member.id === memberId) ?? false;
  const toggle = useMutation({
    mutationFn: () => api(`/members/${memberId}/block`, { method: blocked ? 'DELETE' : 'PUT' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['blocks'] });
      void queryClient.invalidateQueries({ queryKey: ['member', memberId] });
    },
  });
  if (!signedIn || !me || me.id === memberId) return null;
  return (
    <div className="row wrap member-actions">
      {!blocked && (
        <Link
          className="button small"
          to={`/messages/new?to=${memberId}`}
          data-testid="message-member"
        >
          {t('dm.message')}
        </Link>
      )}
      <button
        type="button"
        className="secondary small"
        disabled={toggle.isPending || blocks.isPending}
        onClick={() => {
          if (blocked || window.confirm(t('blocks.confirm'))) toggle.mutate();
        }}
      >
        {blocked ? t('blocks.unblock') : t('blocks.block')}
      </button>
      {blocked && <span className="muted small">{t('blocks.youBlocked')}</span>}
      <ErrorNote error={toggle.error} />
    </div>
  );
}

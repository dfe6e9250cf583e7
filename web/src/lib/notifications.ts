import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from './api';
import { useAuth } from './auth';
import type { Notification, Page } from './types';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Who did it: `actorName` is the actor's current name (the API contract), `authorName` what older
 * notifications of comments carried.
 */
export function actorName(notification: Notification): string | null {
  const { data } = notification;
  return text(data.actorName) || text(data.authorName) || null;
}

/** A notification as a sentence that names who did what. */
export function describeNotification(notification: Notification, t: TFunction): string {
  const data = notification.data;
  const who = actorName(notification) ?? t('notifications.someone');
  switch (notification.type) {
    case 'comment_on_post':
    case 'reply_to_comment':
    case 'mention':
      return t(`notifications.${notification.type}`, { who, title: text(data.postTitle) });
    case 'new_follower':
    case 'direct_message':
      return t(`notifications.${notification.type}`, { who });
    case 'application_decided':
      return data.decision === 'approved'
        ? t('notifications.application_decided_approved')
        : t('notifications.application_decided_rejected', { reason: text(data.reason) });
    case 'report_resolved':
      return t('notifications.report_resolved');
    case 'tier_revoked':
      return t('notifications.tier_revoked', { reason: text(data.reason) });
    case 'member_suspended':
      return t('notifications.member_suspended', { reason: text(data.reason) });
    default: {
      const name = actorName(notification);
      return name
        ? t('notifications.otherBy', { who: name, type: notification.type })
        : t('notifications.other', { type: notification.type });
    }
  }
}

/** Where a notification leads: what it is about, else who did it. */
export function notificationLink(notification: Notification): string | null {
  const data = notification.data;
  if (typeof data.postId === 'string') {
    const comment = typeof data.commentId === 'string' ? `#comment-${data.commentId}` : '';
    return `/posts/${data.postId}${comment}`;
  }
  switch (notification.type) {
    case 'application_decided':
    case 'tier_revoked':
      return '/golden-crown';
    case 'member_suspended':
      return '/settings';
    case 'report_resolved':
      // The reported content may be hidden now: nothing to open.
      return null;
    default:
      return typeof data.actorId === 'string' ? `/members/${data.actorId}` : null;
  }
}

/** The unread count: refetched whenever a `notification` arrives on the socket. */
export function useUnreadCount(): { count: number; more: boolean } {
  const { signedIn } = useAuth();
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () =>
      api<Page<Notification>>('/notifications', { query: { unread: true, limit: 100 } }),
    enabled: signedIn,
    refetchInterval: 120_000,
  });
  return {
    count: signedIn ? (unread.data?.items.length ?? 0) : 0,
    more: unread.data?.nextCursor != null,
  };
}

import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from './api';
import { useAuth } from './auth';
import type { Notification, Page } from './types';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A notification as a sentence. */
export function describeNotification(notification: Notification, t: TFunction): string {
  const data = notification.data;
  switch (notification.type) {
    case 'comment_on_post':
    case 'reply_to_comment':
      return t(`notifications.${notification.type}`, {
        who: text(data.authorName) || t('notifications.someone'),
        title: text(data.postTitle),
      });
    case 'application_decided':
      return data.decision === 'approved'
        ? t('notifications.application_decided_approved')
        : t('notifications.application_decided_rejected', { reason: text(data.reason) });
    case 'report_resolved':
      return t('notifications.report_resolved');
    case 'tier_revoked':
      return t('notifications.tier_revoked', { reason: text(data.reason) });
    default:
      return t('notifications.other', { type: notification.type });
  }
}

/** Where a notification leads. */
export function notificationLink(notification: Notification): string | null {
  const data = notification.data;
  if (typeof data.postId === 'string') return `/posts/${data.postId}`;
  if (notification.type === 'application_decided') return '/golden-crown';
  return null;
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

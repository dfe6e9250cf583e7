import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import i18n from '../i18n';
import { api } from './api';
import { useAuth } from './auth';
import { formatDate } from './format';
import type { Notification, Page } from './types';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The name the server gives an erased member (the API contract): shown in the reader's language. */
const DELETED_MEMBER = 'deleted member';

/** Kinds a moderator's action causes: without an actor they read "a moderator". */
const BY_STAFF = new Set([
  'application_decided',
  'report_resolved',
  'tier_revoked',
  'member_suspended',
]);

/**
 * Who did it: `actorName` is the actor's current name (the API contract), `authorName` what older
 * notifications of comments carried; "deleted member" in the reader's language.
 */
export function actorName(notification: Notification, t: TFunction): string | null {
  const { data } = notification;
  const name = text(data.actorName) || text(data.authorName);
  if (!name) return null;
  return name === DELETED_MEMBER ? t('notifications.deletedMember') : name;
}

/** A notification as a sentence that names who did what. */
export function describeNotification(
  notification: Notification,
  t: TFunction,
  language: string = i18n.language,
): string {
  const data = notification.data;
  const who =
    actorName(notification, t) ??
    (BY_STAFF.has(notification.type) ? t('notifications.moderator') : t('notifications.someone'));
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
        ? t('notifications.application_decided_approved', { who })
        : t('notifications.application_decided_rejected', { who, reason: text(data.reason) });
    case 'report_resolved':
      return data.action === 'hide_content'
        ? t('notifications.report_resolved_hidden', { who })
        : t('notifications.report_resolved_dismissed', { who });
    case 'tier_revoked':
      return t('notifications.tier_revoked', { who, reason: text(data.reason) });
    case 'golden_crown_expiring':
    case 'golden_crown_lapsed': {
      const until = text(data.until);
      return t(`notifications.${notification.type}`, {
        date: until ? formatDate(until, language) : '',
      });
    }
    case 'member_suspended': {
      const until = text(data.until);
      return t('notifications.member_suspended', {
        who,
        date: until ? formatDate(until, language) : '',
        reason: text(data.reason),
      });
    }
    default:
      return t('notifications.otherBy', { who, type: notification.type });
  }
}

/**
 * Where a notification leads: what it is about, else who did it. A post or comment that is
 * gone by now opens the post page, which says it is not available (never a bare 404).
 */
export function notificationLink(notification: Notification): string | null {
  const data = notification.data;
  if (typeof data.postId === 'string') {
    const comment = typeof data.commentId === 'string' ? `#comment-${data.commentId}` : '';
    return `/posts/${data.postId}${comment}`;
  }
  if (typeof data.conversationId === 'string') return `/messages/${data.conversationId}`;
  switch (notification.type) {
    case 'application_decided':
    case 'tier_revoked':
    case 'golden_crown_expiring':
    case 'golden_crown_lapsed':
      return '/golden-crown';
    case 'member_suspended':
      return '/settings';
    case 'report_resolved':
      // A reported post can be opened (hidden: the page says it is not available); a
      // comment or a message is named by id only, with nothing to open.
      return data.targetType === 'post' && typeof data.targetId === 'string'
        ? `/posts/${data.targetId}`
        : null;
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

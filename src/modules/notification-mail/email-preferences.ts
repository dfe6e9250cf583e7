import type { Language } from '../../common/i18n/language';
import { NOTIFICATION_TYPES, type NotificationType } from '../notifications/notification.entity';

/** How a kind of notification reaches a member by mail. */
export const KIND_MODES = ['instant', 'digest', 'off'] as const;
export type KindMode = (typeof KIND_MODES)[number];

export const DIGEST_PERIODS = ['off', 'daily', 'weekly'] as const;
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];

/** Every kind a member chooses for: the notification types. */
export const MAIL_KINDS = NOTIFICATION_TYPES;

/**
 * The defaults (the API contract names the first seven). A decision on one's application,
 * a suspension and a revoked tier change what the member may do: at once. The answer to a
 * report can wait for the digest.
 */
export const DEFAULT_KIND_MODES: Readonly<Record<NotificationType, KindMode>> = {
  application_decided: 'instant',
  golden_crown_expiring: 'instant',
  golden_crown_lapsed: 'instant',
  mention: 'instant',
  direct_message: 'instant',
  comment_on_post: 'digest',
  reply_to_comment: 'digest',
  new_follower: 'digest',
  report_resolved: 'digest',
  member_suspended: 'instant',
  tier_revoked: 'instant',
};

export const DEFAULT_DIGEST: DigestPeriod = 'daily';

/** What `GET /api/members/me/email-preferences` answers. */
export interface EmailPreferencesView {
  locale: Language;
  digest: DigestPeriod;
  kinds: Record<NotificationType, KindMode>;
}

/** The stored choices over the defaults; a stored kind no longer known is left out. */
export function effectiveKinds(
  stored: Partial<Record<string, KindMode>> | undefined,
): Record<NotificationType, KindMode> {
  const kinds = { ...DEFAULT_KIND_MODES };
  for (const kind of MAIL_KINDS) {
    const mode = stored?.[kind];
    if (mode && (KIND_MODES as readonly string[]).includes(mode)) kinds[kind] = mode;
  }
  return kinds;
}

/**
 * Kinds that are not mailed when they are stored even when `instant`: a direct message is
 * mailed only while it is still unread 15 minutes later (the API contract), by
 * `UnreadDirectMessagesJob`.
 */
export const DEFERRED_KINDS: ReadonlySet<NotificationType> = new Set(['direct_message']);

/** What an unsubscribe token names: a notification kind, or the digest. */
export type UnsubscribeTarget = NotificationType | 'digest';

export function isUnsubscribeTarget(value: string): value is UnsubscribeTarget {
  return value === 'digest' || (MAIL_KINDS as readonly string[]).includes(value);
}

const DAY_MS = 24 * 60 * 60_000;

export function periodMs(digest: Exclude<DigestPeriod, 'off'>): number {
  return digest === 'weekly' ? 7 * DAY_MS : DAY_MS;
}

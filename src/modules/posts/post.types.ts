import { seesGoldenCrown, hasRole } from '../members/member.types';
import type { AuthMember } from '../../common/auth/auth-member';

export const VISIBILITIES = ['public', 'members', 'golden_crown'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The caller of a read: a signed-in member or a visitor (`undefined`). */
export type Viewer = AuthMember | undefined;

/** Visitors see `public`; members also `members`; Golden Crown, moderators and admins all. */
export function visibleLevels(viewer: Pick<AuthMember, 'role' | 'tier'> | undefined): Visibility[] {
  if (!viewer) return ['public'];
  return seesGoldenCrown(viewer) ? [...VISIBILITIES] : ['public', 'members'];
}

/** Moderators (and admins) see deleted and hidden content, flagged, and may restore it. */
export function isModerator(viewer: Viewer): viewer is AuthMember {
  return viewer !== undefined && hasRole(viewer.role, 'moderator');
}

export const MAX_TAGS = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 32_000;
export const COMMENT_MAX = 10_000;

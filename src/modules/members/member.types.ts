import { hasRole, type Role, type Tier } from '../../common/auth/roles';

/** Roles and tiers are the signed-in member's rights, read by every feature: common/auth. */
export { hasRole, ROLES, TIERS, type Role, type Tier } from '../../common/auth/roles';

export const OPERATOR_TYPES = [
  'operations_assistant',
  'store_manager',
  'operations_director',
  'product_manager',
] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

/** Who may start a direct conversation with the member (`PATCH /api/members/me`). */
export const DM_FROM = ['everyone', 'following', 'nobody'] as const;
export type DmFrom = (typeof DM_FROM)[number];

/** Who sees `golden_crown` posts and joins `golden_crown` rooms. */
export function seesGoldenCrown(member: { role: Role; tier: Tier }): boolean {
  return member.tier === 'golden_crown' || hasRole(member.role, 'moderator');
}

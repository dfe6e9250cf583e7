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

/** Who sees `golden_crown` posts and joins `golden_crown` rooms. */
export function seesGoldenCrown(member: { role: Role; tier: Tier }): boolean {
  return member.tier === 'golden_crown' || hasRole(member.role, 'moderator');
}

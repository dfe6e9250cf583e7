export const OPERATOR_TYPES = [
  'operations_assistant',
  'store_manager',
  'operations_director',
  'product_manager',
] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TIERS = ['standard', 'golden_crown'] as const;
export type Tier = (typeof TIERS)[number];

const ROLE_RANK: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };

/** An admin may do all a moderator does. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

/** Who sees `golden_crown` posts and joins `golden_crown` rooms. */
export function seesGoldenCrown(member: { role: Role; tier: Tier }): boolean {
  return member.tier === 'golden_crown' || hasRole(member.role, 'moderator');
}

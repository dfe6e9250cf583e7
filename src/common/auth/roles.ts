/** Roles, least to most: what a member may do. */
export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Tiers: what a member may see (which posts and rooms is decided by each feature). */
export const TIERS = ['standard', 'golden_crown'] as const;
export type Tier = (typeof TIERS)[number];

const ROLE_RANK: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };

/** An admin may do all a moderator does. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

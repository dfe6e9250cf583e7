import type { Role, Tier } from './roles';

/**
 * The signed-in member as every feature sees it: their current rights, read per request
 * (never from the token), and the session the request belongs to.
 */
export interface AuthMember {
  id: string;
  displayName: string;
  role: Role;
  tier: Tier;
  suspendedUntil: Date | null;
  sessionId: string;
}

export function isSuspended(member: Pick<AuthMember, 'suspendedUntil'>, now = new Date()): boolean {
  return member.suspendedUntil !== null && member.suspendedUntil > now;
}

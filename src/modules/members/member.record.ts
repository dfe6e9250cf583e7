import type { Member } from './member.entity';

/**
 * A member as other features see them: every column but the password hash. Only the
 * members and auth features handle credentials (`MembersService.credentialsOf`).
 */
export type MemberRecord = Omit<Member, 'passwordHash'>;

/** The member without the hash, as a new object (the hash is not carried along, hidden). */
export function toMemberRecord(member: Member): MemberRecord {
  const { passwordHash: _hash, ...record } = member;
  return record;
}

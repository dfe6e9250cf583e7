import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { PasswordService } from '../../src/modules/auth/password.service';
import { SessionsService } from '../../src/modules/auth/sessions.service';
import { Member } from '../../src/modules/members/member.entity';
import type { OperatorType, Role, Tier } from '../../src/modules/members/member.types';
import type { TestApp } from './test-app';

/** The password of every factory member (hashed once per test file: argon2 is slow on purpose). */
export const FACTORY_PASSWORD = 'correct horse battery staple';
let factoryHash: Promise<string> | undefined;

export interface TestMember {
  id: string;
  email: string;
  password: string;
  displayName: string;
  role: Role;
  tier: Tier;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }`, for `.set(...)`. */
  auth: { Authorization: string };
}

export interface MemberOptions {
  role?: Role;
  tier?: Tier;
  displayName?: string;
  email?: string;
  operatorType?: OperatorType | null;
  suspendedUntil?: Date | null;
}

/**
 * A member written straight to the database, signed in with a session of their own.
 * Unique data every call, so tests never share state.
 */
export async function createMember(t: TestApp, options: MemberOptions = {}): Promise<TestMember> {
  factoryHash ??= t.app.get(PasswordService).hash(FACTORY_PASSWORD);
  const unique = randomUUID().slice(0, 8);
  const member = await t.dataSource.getRepository(Member).save({
    email: options.email ?? `member-${unique}@example.com`,
    passwordHash: await factoryHash,
    displayName: options.displayName ?? `Member ${unique}`,
    role: options.role ?? 'member',
    tier: options.tier ?? 'standard',
    operatorType: options.operatorType ?? null,
    suspendedUntil: options.suspendedUntil ?? null,
  });
  const rotation = await t.app.get(SessionsService).open(member.id);
  const accessToken = t.app.get(JwtService).sign({ sub: member.id, sid: rotation.sessionId });
  return {
    id: member.id,
    email: member.email ?? '',
    password: FACTORY_PASSWORD,
    displayName: member.displayName,
    role: member.role,
    tier: member.tier,
    sessionId: rotation.sessionId,
    accessToken,
    refreshToken: rotation.refreshToken,
    auth: { Authorization: `Bearer ${accessToken}` },
  };
}

export const createModerator = (t: TestApp, options: MemberOptions = {}) =>
  createMember(t, { ...options, role: 'moderator' });
export const createAdmin = (t: TestApp, options: MemberOptions = {}) =>
  createMember(t, { ...options, role: 'admin' });
export const createGoldenCrownMember = (t: TestApp, options: MemberOptions = {}) =>
  createMember(t, { ...options, tier: 'golden_crown' });

/** Counts the rows of a table (to prove that a refusal stored nothing). */
export async function countRows(
  t: TestApp,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await t.dataSource.query<{ count: string }[]>(
    `SELECT count(*)::text AS count FROM ${table} WHERE ${where}`,
    params,
  );
  return Number(row.count);
}

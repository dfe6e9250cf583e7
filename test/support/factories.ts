import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { PasswordService } from '../../src/modules/auth/password.service';
import { SessionsService } from '../../src/modules/auth/sessions.service';
import { toRoomDto, type RoomDto } from '../../src/modules/discussion/dto/room.dto';
import { Room, type RoomKind } from '../../src/modules/discussion/room.entity';
import type { CreateApplicationDto } from '../../src/modules/membership/dto/application-request.dto';
import type { ApplicationDto } from '../../src/modules/membership/dto/application-response.dto';
import { Member } from '../../src/modules/members/member.entity';
import type { OperatorType, Role, Tier } from '../../src/modules/members/member.types';
import type { CommentResponseDto, CreateCommentDto } from '../../src/modules/posts/dto/comment.dto';
import type { CreatePostDto, PostResponseDto } from '../../src/modules/posts/dto/post.dto';
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
  /** `false`: the address is not verified yet (factory members are verified by default). */
  emailVerified?: boolean;
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
    emailVerifiedAt: options.emailVerified === false ? null : new Date(),
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

/** What a test may set of a new post. */
export type PostOverrides = Partial<CreatePostDto>;

/**
 * A post by `author`, written through `POST /api/posts` so that it is stored exactly as members'
 * posts are (rendered HTML, tags, search tokens); the write counts against the author's
 * write limit. Public, untagged, with a unique title unless `overrides` say otherwise.
 */
export async function createPost(
  t: TestApp,
  author: TestMember,
  overrides: PostOverrides = {},
): Promise<PostResponseDto> {
  const res = await t
    .http()
    .post('/api/posts')
    .set(author.auth)
    .send({ title: `Post ${randomUUID()}`, body: 'Some *experience*', ...overrides });
  expect(res.status).toBe(201);
  return res.body as PostResponseDto;
}

/** A comment by `author` on the post, through `POST /api/posts/:id/comments` (a reply with `parentId`). */
export async function createComment(
  t: TestApp,
  author: TestMember,
  postId: string,
  overrides: Partial<CreateCommentDto> = {},
): Promise<CommentResponseDto> {
  const res = await t
    .http()
    .post(`/api/posts/${postId}/comments`)
    .set(author.auth)
    .send({ body: 'A comment', ...overrides });
  expect(res.status).toBe(201);
  return res.body as CommentResponseDto;
}

export interface RoomOptions {
  kind?: RoomKind;
  slug?: string;
  name?: string;
  description?: string;
}

/**
 * A discussion room written straight to the database (an open one unless `kind` says
 * otherwise), for tests that need a room, not tests of creating one: no moderator, no
 * audit row. Tests about `POST /api/rooms` send that request themselves.
 */
export async function createRoom(t: TestApp, options: RoomOptions = {}): Promise<RoomDto> {
  const room = await t.dataSource.getRepository(Room).save({
    slug: options.slug ?? `room-${randomUUID().slice(0, 8)}`,
    name: options.name ?? 'Test room',
    kind: options.kind ?? 'open',
    description: options.description ?? '',
    createdBy: null,
  });
  return toRoomDto(room);
}

/**
 * A complete Golden Crown application that passes the default rules; override what a test
 * is about (also with values the API must refuse, hence the loose type).
 */
export function applicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    companyName: '杭州某某电子商务有限公司',
    annualTurnoverCny: 85_000_000,
    isDecisionMaker: true,
    jobTitle: 'CEO',
    organizationType: 'brand',
    motivation: 'To learn from operators who run stores at our scale.',
    privacyAgreementVersion: '2026-01',
    privacyConsent: true,
    ...overrides,
  };
}

/** What a test may set of a new application. */
export type ApplicationOverrides = Partial<CreateApplicationDto>;

/**
 * A pending application by `applicant`, submitted through `POST /api/membership/applications`
 * so that its history, consent and rules version are stored as the service stores them.
 */
export async function createApplication(
  t: TestApp,
  applicant: TestMember,
  overrides: ApplicationOverrides = {},
): Promise<ApplicationDto> {
  const res = await t
    .http()
    .post('/api/membership/applications')
    .set(applicant.auth)
    .send(applicationBody(overrides));
  expect(res.status).toBe(201);
  return res.body as ApplicationDto;
}

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

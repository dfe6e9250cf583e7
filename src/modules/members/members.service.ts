import { Inject, Injectable, Optional } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, IsNull, LessThanOrEqual, Repository, type EntityManager } from 'typeorm';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import { TtlCache } from '../../common/cache/ttl-cache';
import type { AuthMember } from '../../common/auth/auth-member';
import { NotFoundError } from '../../common/errors/domain-error';
import { FALLBACK_LANGUAGE, type Language } from '../../common/i18n/language';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import { AppConfigService } from '../../config/app-config.service';
import {
  toMemberName,
  toModeratedMember,
  toMyProfile,
  toOwnProfile,
  type MyProfileDto,
  type MemberNameDto,
  type ModeratedMemberDto,
  toPublicProfile,
  type OwnProfileDto,
  type PublicProfileDto,
  type UpdateProfileDto,
} from './dto/member.dto';
import { Member } from './member.entity';
import { directoryTokens } from './member-search';
import { MemberRelations, type FollowFactsDto } from './member-relations';
import { toMemberRecord, type MemberRecord } from './member.record';
import type { Role, Tier } from './member.types';

const CACHE_TTL_MS = 30_000;

export interface NewMember {
  email: string;
  passwordHash: string;
  displayName: string;
  role?: Role;
  /** The language of the member's mail; English when not given. */
  locale?: Language;
  /** An address known to be theirs (the admin from the environment): verified from the start. */
  emailVerified?: boolean;
}

/** The moderators' member search: by name, then id. */
const BY_NAME: KeysetOrder = {
  keys: [
    { sql: 'm.display_name', kind: 'text' },
    { sql: 'm.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

/** Who reads a profile: the company hidden by its member shows to them and to moderators. */
export type ProfileViewer = Pick<AuthMember, 'id' | 'role'>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Members and their profiles: lookups (cached), tiers and credentials. Other features read
 * members through this service, as `MemberRecord`s (never the password hash); role changes
 * live in `MemberRolesService`, suspensions in `SuspensionService`. Every change of rights
 * raises `member.changed`, which empties the cache here (and in other processes, through
 * the event bridge) so it takes effect on the next request.
 */
@Injectable()
export class MembersService {
  private readonly cache = new TtlCache<string, MemberRecord>(CACHE_TTL_MS);

  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
    @Optional() @Inject(MemberRelations) private readonly relations: MemberRelations | null,
    private readonly events: DomainEventBus,
    private readonly config: AppConfigService,
  ) {}

  /** A member who has not erased their account, from the cache when fresh. */
  async findActive(id: string): Promise<MemberRecord | null> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const member = await this.members.findOneBy({ id, erasedAt: IsNull() });
    if (!member) return null;
    const record = toMemberRecord(member);
    this.cache.set(id, record);
    return record;
  }

  async findByEmail(email: string): Promise<MemberRecord | null> {
    const found = await this.findWithPasswordHash(email);
    return found && found.member;
  }

  /** The member with this email and their password hash, read from the database (login). */
  async findWithPasswordHash(
    email: string,
  ): Promise<{ member: MemberRecord; passwordHash: string | null } | null> {
    const member = await this.members.findOneBy({ email: normalizeEmail(email) });
    return member && { member: toMemberRecord(member), passwordHash: member.passwordHash };
  }

  async create(input: NewMember, em: EntityManager = this.members.manager): Promise<MemberRecord> {
    const member = await em.save(
      em.create(Member, {
        email: normalizeEmail(input.email),
        passwordHash: input.passwordHash,
        displayName: input.displayName,
        role: input.role ?? 'member',
        locale: input.locale ?? FALLBACK_LANGUAGE,
        emailVerifiedAt: input.emailVerified ? new Date() : null,
      }),
    );
    return toMemberRecord(member);
  }

  /** A member's profile as `viewer` (a visitor: `undefined`) reads it, with its follows. */
  async getPublicProfile(id: string, viewer?: ProfileViewer): Promise<PublicProfileDto> {
    const member = await this.findActive(id);
    if (!member) throw new NotFoundError('Member');
    const [profile] = await this.publicProfiles([member], viewer);
    return profile;
  }

  /**
   * These members' profiles as `viewer` reads them, in their order: the follows of all of
   * them in one read (a list costs the same whatever its length).
   */
  async publicProfiles(
    members: readonly MemberRecord[],
    viewer?: ProfileViewer,
  ): Promise<PublicProfileDto[]> {
    const follows = await this.followFacts(
      viewer?.id,
      members.map((member) => member.id),
    );
    return members.map((member) =>
      toPublicProfile(member, { viewer, follows: follows.get(member.id) }),
    );
  }

  /** Active members by id, in the order given (unknown and erased ones left out): one read. */
  async findActiveByIds(ids: readonly string[]): Promise<MemberRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.members.findBy({ id: In([...ids]), erasedAt: IsNull() });
    const byId = new Map(rows.map((row) => [row.id, toMemberRecord(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The follows of these members as `viewerId` reads them (none without a network feature). */
  followFacts(
    viewerId: string | undefined,
    ids: readonly string[],
  ): Promise<Map<string, FollowFactsDto>> {
    return this.relations && ids.length > 0
      ? this.relations.followFacts(viewerId, ids)
      : Promise.resolve(new Map<string, FollowFactsDto>());
  }

  async getOwnProfile(id: string): Promise<OwnProfileDto> {
    const member = await this.findActive(id);
    if (!member) throw new NotFoundError('Member');
    return toOwnProfile(member, (await this.followFacts(id, [id])).get(id));
  }

  /** The signed-in member's own profile, with the site's `emailVerificationRequired`. */
  async getMyProfile(id: string): Promise<MyProfileDto> {
    return toMyProfile(await this.getOwnProfile(id), this.config.emailVerification);
  }

  /** `getMyProfile` of a member just read (registration, login). */
  myProfile(member: MemberRecord): MyProfileDto {
    return toMyProfile(toOwnProfile(member), this.config.emailVerification);
  }

  async updateProfile(id: string, changes: UpdateProfileDto): Promise<MyProfileDto> {
    // The directory's search tokens follow the name, the company (while shown) and the
    // expertise: computed under a lock, so two concurrent changes cannot store a mix.
    await this.members.manager.transaction(async (em) => {
      const current = await em.findOne(Member, {
        where: { id, erasedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw new NotFoundError('Member');
      const next = {
        displayName: changes.displayName ?? current.displayName,
        company: changes.company ?? current.company,
        showCompany: changes.showCompany ?? current.showCompany,
        expertise: changes.expertise ?? current.expertise,
      };
      await em.update(Member, { id }, { ...changes, ...directoryTokens(next) });
    });
    await this.changed(id);
    return this.getMyProfile(id);
  }

  async updatePasswordHash(
    id: string,
    passwordHash: string,
    em: EntityManager = this.members.manager,
  ): Promise<void> {
    await em.update(Member, { id }, { passwordHash });
  }

  /**
   * Sets the language of the member's mail inside the caller's transaction; the caller calls
   * `changed()` once it has committed.
   */
  async setLocale(em: EntityManager, id: string, locale: Language): Promise<void> {
    await em.update(Member, { id, erasedAt: IsNull() }, { locale });
  }

  /**
   * Marks the member's present address verified, inside the caller's transaction, unless it
   * already is. The caller raises `member.changed` once that transaction has committed.
   */
  async markEmailVerified(id: string, at: Date, em: EntityManager): Promise<void> {
    await em.update(
      Member,
      { id, emailVerifiedAt: IsNull(), erasedAt: IsNull() },
      { emailVerifiedAt: at },
    );
  }

  /**
   * Sets the tier inside the caller's transaction. The caller raises `member.changed`
   * (through `changed()`) once that transaction has committed.
   */
  async setTier(em: EntityManager, id: string, tier: Tier): Promise<void> {
    const result = await em.update(Member, { id, erasedAt: IsNull() }, { tier });
    if (!result.affected) throw new NotFoundError('Member');
  }

  /**
   * The names of these members in one query, for lists that say who did what (erased
   * members included, as `deleted member`); an id with no member is left out.
   */
  async namesOf(ids: readonly (string | null)[]): Promise<Map<string, MemberNameDto>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await this.members.find({
      select: { id: true, displayName: true, erasedAt: true },
      where: { id: In(wanted) },
    });
    return new Map(rows.map((row) => [row.id, toMemberName(row)]));
  }

  /** Members by part of their name or email, for moderators; by name, then id. */
  async search(
    q: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<ModeratedMemberDto>> {
    const builder = this.members.createQueryBuilder('m').where('m.erased_at IS NULL');
    if (q) {
      const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere(
        new Brackets((or) =>
          or
            .where('lower(m.display_name) LIKE :pattern', { pattern })
            .orWhere('m.email LIKE :pattern', { pattern }),
        ),
      );
    }
    const page = await keysetEntityPage(builder, BY_NAME, { limit, cursor }, (m) =>
      toModeratedMember(m),
    );
    const follows = await this.followFacts(
      undefined,
      page.items.map((item) => item.id),
    );
    return {
      ...page,
      items: page.items.map((item) => ({ ...item, ...follows.get(item.id) })),
    };
  }

  /**
   * Moves a member from one tier to another inside the caller's transaction, only if they
   * are in `from` now: `false` when they are not (someone else moved them first).
   */
  async moveTier(em: EntityManager, id: string, from: Tier, to: Tier): Promise<boolean> {
    const result = await em.update(Member, { id, tier: from, erasedAt: IsNull() }, { tier: to });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Makes the member Golden Crown until `until` (a new term, or a renewal's extension)
   * inside the caller's transaction; the caller calls `changed()` once it has committed.
   */
  async grantGoldenCrown(em: EntityManager, id: string, until: Date): Promise<void> {
    const result = await em.update(
      Member,
      { id, erasedAt: IsNull() },
      { tier: 'golden_crown', goldenCrownUntil: until },
    );
    if (!result.affected) throw new NotFoundError('Member');
  }

  /** Sets or clears (`null`: revoked) the end of the member's term, in the caller's transaction. */
  async setGoldenCrownUntil(em: EntityManager, id: string, until: Date | null): Promise<void> {
    await em.update(Member, { id }, { goldenCrownUntil: until });
  }

  /**
   * Ends the member's Golden Crown term if it is over at `now` and they still hold it, in the
   * caller's transaction: `false` when not (renewed, revoked, or lapsed by another process).
   * The end stays recorded, so the member can be told when it lapsed.
   */
  async lapseGoldenCrown(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const result = await em.update(
      Member,
      { id, tier: 'golden_crown', goldenCrownUntil: LessThanOrEqual(now), erasedAt: IsNull() },
      { tier: 'standard' },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Golden Crown members whose term ends at or before `by`, soonest first, at most `limit`. */
  async goldenCrownTermsEndingBy(
    by: Date,
    limit: number,
  ): Promise<{ id: string; goldenCrownUntil: Date }[]> {
    const rows = await this.members.find({
      select: { id: true, goldenCrownUntil: true },
      where: { tier: 'golden_crown', goldenCrownUntil: LessThanOrEqual(by), erasedAt: IsNull() },
      order: { goldenCrownUntil: 'ASC', id: 'ASC' },
      take: limit,
    });
    return rows.flatMap((row) =>
      row.goldenCrownUntil ? [{ id: row.id, goldenCrownUntil: row.goldenCrownUntil }] : [],
    );
  }

  /**
   * The email and password hash, read from the database every time: never from the
   * cache, so a changed password stops working at once.
   */
  async credentialsOf(id: string): Promise<{ email: string; passwordHash: string | null } | null> {
    const row = await this.members.findOne({
      select: { id: true, email: true, passwordHash: true },
      where: { id, erasedAt: IsNull() },
    });
    return row && row.email !== null ? { email: row.email, passwordHash: row.passwordHash } : null;
  }

  /**
   * Announces that a member's rights or profile changed; resolves once every process has
   * been told and this process's listeners have finished (`emitShared`: its sockets of the
   * member are closed or out of the rooms they may no longer join), so await it before
   * answering.
   */
  async changed(memberId: string): Promise<void> {
    this.cache.delete(memberId);
    await this.events.emitShared('member.changed', { memberId });
  }

  @OnEvent('member.changed')
  forget({ memberId }: DomainEvents['member.changed']): void {
    this.cache.delete(memberId);
  }
}

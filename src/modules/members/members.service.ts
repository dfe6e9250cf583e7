import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, IsNull, Repository, type EntityManager } from 'typeorm';
import { decodeCursor, isCursorId, toPage, type Page } from '../../common/pagination/page';
import { TtlCache } from '../../common/cache/ttl-cache';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import type { AuthMember } from '../../common/auth/auth-member';
import { AuditLogService } from '../audit/audit-log.service';
import {
  toModeratedMember,
  toOwnProfile,
  type ModeratedMemberDto,
  toPublicProfile,
  type OwnProfileDto,
  type PublicProfileDto,
  type UpdateProfileDto,
} from './dto/member.dto';
import { Member } from './member.entity';
import { hasRole, type Role, type Tier } from './member.types';

const CACHE_TTL_MS = 30_000;

export interface NewMember {
  email: string;
  passwordHash: string;
  displayName: string;
  role?: Role;
}

/** `[displayName, id]`: any name, but a real UUID (the query compares it with a uuid column). */
const isNameCursor = (value: unknown): value is [string, string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === 'string' &&
  isCursorId(value[1]);

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Members, their profiles and their rights. Other features read members through this
 * service; every change of rights raises `member.changed`, which empties the cache here
 * (and in other processes, through the event bridge) so it takes effect on the next request.
 */
@Injectable()
export class MembersService {
  private readonly cache = new TtlCache<string, Member>(CACHE_TTL_MS);

  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEventBus,
    private readonly audit: AuditLogService,
  ) {}

  /** A member who has not erased their account, from the cache when fresh. */
  async findActive(id: string): Promise<Member | null> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const member = await this.members.findOneBy({ id, erasedAt: IsNull() });
    if (member) this.cache.set(id, member);
    return member;
  }

  findByEmail(email: string): Promise<Member | null> {
    return this.members.findOneBy({ email: normalizeEmail(email) });
  }

  async create(input: NewMember, em: EntityManager = this.members.manager): Promise<Member> {
    return em.save(
      em.create(Member, {
        email: normalizeEmail(input.email),
        passwordHash: input.passwordHash,
        displayName: input.displayName,
        role: input.role ?? 'member',
      }),
    );
  }

  async getPublicProfile(id: string): Promise<PublicProfileDto> {
    const member = await this.findActive(id);
    if (!member) throw new NotFoundError('Member');
    return toPublicProfile(member);
  }

  async getOwnProfile(id: string): Promise<OwnProfileDto> {
    const member = await this.findActive(id);
    if (!member) throw new NotFoundError('Member');
    return toOwnProfile(member);
  }

  async updateProfile(id: string, changes: UpdateProfileDto): Promise<OwnProfileDto> {
    await this.members.update({ id, erasedAt: IsNull() }, changes);
    this.changed(id);
    return this.getOwnProfile(id);
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.members.update({ id }, { passwordHash });
  }

  /** Grants a role (admins only, checked by the route); audited in the same transaction. */
  async changeRole(actor: AuthMember, id: string, role: Role): Promise<OwnProfileDto> {
    if (actor.id === id) {
      throw new ForbiddenError('Admins cannot change their own role');
    }
    await this.dataSource.transaction(async (em) => {
      const member = await em.findOne(Member, {
        where: { id, erasedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!member) throw new NotFoundError('Member');
      if (member.role === role) return;
      await em.update(Member, { id }, { role });
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'member.role_changed',
        targetType: 'member',
        targetId: id,
        detail: { from: member.role, to: role },
      });
    });
    this.changed(id);
    return this.getOwnProfile(id);
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
   * Suspends a member until a time: they may read, not write, and their sockets are
   * closed (through `member.changed`). A moderator cannot suspend a moderator or an admin,
   * and nobody suspends themselves.
   */
  async suspend(
    actor: AuthMember,
    id: string,
    until: Date,
    reason: string,
  ): Promise<ModeratedMemberDto> {
    await this.dataSource.transaction(async (em) => {
      const member = await this.lockForModeration(em, actor, id);
      await em.update(Member, { id }, { suspendedUntil: until, suspensionReason: reason });
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'member.suspended',
        targetType: 'member',
        targetId: id,
        detail: {
          until: until.toISOString(),
          reason,
          previousUntil: member.suspendedUntil?.toISOString() ?? null,
        },
      });
    });
    this.changed(id);
    await this.events.emitAndWait('member.suspended', {
      memberId: id,
      until: until.toISOString(),
      reason,
      suspendedBy: actor.id,
    });
    return this.getModerated(id);
  }

  async unsuspend(actor: AuthMember, id: string): Promise<ModeratedMemberDto> {
    await this.dataSource.transaction(async (em) => {
      const member = await this.lockForModeration(em, actor, id);
      if (member.suspendedUntil === null) return;
      await em.update(Member, { id }, { suspendedUntil: null, suspensionReason: null });
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'member.unsuspended',
        targetType: 'member',
        targetId: id,
        detail: { wasUntil: member.suspendedUntil.toISOString() },
      });
    });
    this.changed(id);
    return this.getModerated(id);
  }

  async getModerated(id: string): Promise<ModeratedMemberDto> {
    const member = await this.members.findOneBy({ id, erasedAt: IsNull() });
    if (!member) throw new NotFoundError('Member');
    return toModeratedMember(member);
  }

  /** Members by part of their name or email, for moderators; by name, then id. */
  async search(
    q: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<ModeratedMemberDto>> {
    const builder = this.members
      .createQueryBuilder('m')
      .where('m.erased_at IS NULL')
      .orderBy('m.display_name', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(limit + 1);
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
    if (cursor) {
      const [name, id] = decodeCursor(cursor, isNameCursor);
      builder.andWhere('(m.display_name, m.id) > (:name, :id)', { name, id });
    }
    const rows = await builder.getMany();
    return toPage(
      rows,
      limit,
      (m) => toModeratedMember(m),
      (m) => [m.displayName, m.id],
    );
  }

  private async lockForModeration(
    em: EntityManager,
    actor: AuthMember,
    id: string,
  ): Promise<Member> {
    if (actor.id === id) throw new ForbiddenError('You cannot suspend yourself');
    const member = await em.findOne(Member, {
      where: { id, erasedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!member) throw new NotFoundError('Member');
    if (hasRole(member.role, actor.role === 'admin' ? 'admin' : 'moderator')) {
      throw new ForbiddenError('You may not suspend a member of your rank or above');
    }
    return member;
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
   * Ensures an admin account for this email exists (the environment and the CLI). An
   * existing account that is not an admin is never promoted here: anyone could have
   * registered that address first (`promoteToAdmin` after its own password is checked).
   */
  async ensureAdmin(
    email: string,
    passwordHash: () => Promise<string>,
  ): Promise<'created' | 'unchanged' | 'not_admin'> {
    const existing = await this.findByEmail(email);
    if (existing) return existing.role === 'admin' ? 'unchanged' : 'not_admin';
    await this.dataSource.transaction(async (em) => {
      const created = await this.create(
        { email, passwordHash: await passwordHash(), displayName: 'Admin', role: 'admin' },
        em,
      );
      await this.audit.record(em, {
        actorId: null,
        action: 'member.admin_created',
        targetType: 'member',
        targetId: created.id,
        detail: { by: 'bootstrap' },
      });
    });
    return 'created';
  }

  /** Makes an existing account an admin (the CLI, once that account's password is checked). */
  async promoteToAdmin(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const member = await em.findOne(Member, {
        where: { id, erasedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!member) throw new NotFoundError('Member');
      if (member.role === 'admin') return;
      await em.update(Member, { id }, { role: 'admin' });
      await this.audit.record(em, {
        actorId: null,
        action: 'member.role_changed',
        targetType: 'member',
        targetId: id,
        detail: { from: member.role, to: 'admin', by: 'cli' },
      });
    });
    this.changed(id);
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

  /** Announces that a member's rights or profile changed. */
  changed(memberId: string): void {
    this.cache.delete(memberId);
    this.events.emit('member.changed', { memberId });
  }

  @OnEvent('member.changed')
  forget({ memberId }: DomainEvents['member.changed']): void {
    this.cache.delete(memberId);
  }

  static emailTaken(): ConflictError {
    return new ConflictError('EMAIL_TAKEN', 'An account with this email already exists');
  }
}

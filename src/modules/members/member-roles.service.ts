import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { AuditLogService } from '../audit/audit-log.service';
import type { OwnProfileDto } from './dto/member.dto';
import { Member } from './member.entity';
import type { Role } from './member.types';
import { MembersService } from './members.service';

/**
 * Who is a moderator or an admin: role changes by admins, and the first admin from the
 * environment or the CLI. Every change is audited in its transaction and announced
 * through `MembersService.changed` once committed.
 */
@Injectable()
export class MemberRolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly audit: AuditLogService,
  ) {}

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
    await this.members.changed(id);
    return this.members.getOwnProfile(id);
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
    const existing = await this.members.findByEmail(email);
    if (existing) return existing.role === 'admin' ? 'unchanged' : 'not_admin';
    await this.dataSource.transaction(async (em) => {
      const created = await this.members.create(
        {
          email,
          passwordHash: await passwordHash(),
          displayName: 'Admin',
          role: 'admin',
          emailVerified: true,
        },
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
    await this.members.changed(id);
  }
}

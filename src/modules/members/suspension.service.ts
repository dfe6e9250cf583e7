import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { AuditLogService } from '../audit/audit-log.service';
import { toModeratedMember, type ModeratedMemberDto } from './dto/member.dto';
import { Member } from './member.entity';
import { hasRole } from './member.types';
import { MembersService } from './members.service';

/**
 * Suspensions by moderators: who may suspend whom, audited in the same transaction and
 * announced through `MembersService.changed` (sockets close) once committed.
 */
@Injectable()
export class SuspensionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
  ) {}

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
    await this.members.changed(id);
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
    await this.members.changed(id);
    return this.getModerated(id);
  }

  /** The member as moderators see them, read from the database (not the cache). */
  private async getModerated(id: string): Promise<ModeratedMemberDto> {
    const member = await this.dataSource.manager.findOneBy(Member, { id, erasedAt: IsNull() });
    if (!member) throw new NotFoundError('Member');
    return toModeratedMember(member);
  }

  /** The member locked for a suspension by `actor`, who must outrank them. */
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
}

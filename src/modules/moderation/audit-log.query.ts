import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { PageQuery } from '../../common/validation/decorators';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { MembersService } from '../members/members.service';
import { auditedMemberId, toAuditLogResponse, type AuditLogEntryDto } from './dto/moderation.dto';

/** Every moderator and admin action, the newest first. */
const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'a.at', kind: 'time' },
    { sql: 'a.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/**
 * Reads the audit log, newest first, with the names of who acted and whom it concerns
 * (read now: a renamed member shows their new name, an erased one `deleted member`).
 * There is no route that changes or deletes it.
 */
@Injectable()
export class AuditLogQuery {
  constructor(
    @InjectRepository(AuditLogEntry) private readonly entries: Repository<AuditLogEntry>,
    private readonly members: MembersService,
  ) {}

  async list(query: PageQuery): Promise<Page<AuditLogEntryDto>> {
    const page = await keysetEntityPage(
      this.entries.createQueryBuilder('a'),
      NEWEST_FIRST,
      query,
      (entry) => entry,
    );
    const names = await this.members.namesOf(
      page.items.flatMap((entry) => [entry.actorId, auditedMemberId(entry)]),
    );
    return {
      items: page.items.map((entry) => toAuditLogResponse(entry, names)),
      nextCursor: page.nextCursor,
    };
  }
}

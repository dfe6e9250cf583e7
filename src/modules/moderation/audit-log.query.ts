import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import type { PageQuery } from '../../common/validation/decorators';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { toAuditLogResponse, type AuditLogEntryDto } from './dto/moderation.dto';

/** Every moderator and admin action, the newest first. */
const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'a.at', kind: 'time' },
    { sql: 'a.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/** Reads the audit log, newest first. There is no route that changes or deletes it. */
@Injectable()
export class AuditLogQuery {
  constructor(
    @InjectRepository(AuditLogEntry) private readonly entries: Repository<AuditLogEntry>,
  ) {}

  async list(query: PageQuery): Promise<Page<AuditLogEntryDto>> {
    return keysetEntityPage(
      this.entries.createQueryBuilder('a'),
      NEWEST_FIRST,
      query,
      toAuditLogResponse,
    );
  }
}

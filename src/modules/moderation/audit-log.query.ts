import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, isTimeIdCursor, toPage, type Page } from '../../common/pagination/page';
import type { PageQuery } from '../../common/validation/decorators';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { toAuditLogResponse, type AuditLogEntryDto } from './dto/moderation.dto';

/** Reads the audit log, newest first. There is no route that changes or deletes it. */
@Injectable()
export class AuditLogQuery {
  constructor(
    @InjectRepository(AuditLogEntry) private readonly entries: Repository<AuditLogEntry>,
  ) {}

  async list(query: PageQuery): Promise<Page<AuditLogEntryDto>> {
    const builder = this.entries
      .createQueryBuilder('a')
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, isTimeIdCursor);
      builder.where('(a.at, a.id) < (:at, :id)', { at, id });
    }
    const rows = await builder.getMany();
    return toPage(rows, query.limit, toAuditLogResponse, (a) => [a.at.toISOString(), a.id]);
  }
}

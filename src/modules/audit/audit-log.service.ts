import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLogEntry } from './audit-log.entity';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail?: Record<string, unknown>;
}

/**
 * Writes the audit log. Takes the caller's transaction manager: the row is written in
 * the same transaction as the action it records, or not at all.
 */
@Injectable()
export class AuditLogService {
  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await em.save(em.create(AuditLogEntry, { ...entry, detail: entry.detail ?? {} }));
  }
}

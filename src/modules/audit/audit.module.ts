import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogEntry } from './audit-log.entity';
import { AuditLogService } from './audit-log.service';

/**
 * The append-only audit log. Every feature that records an action imports this module
 * and writes through `AuditLogService` inside its own transaction; reading the log is
 * moderation's (`GET /api/moderation/audit-log`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditLogEntry])],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}

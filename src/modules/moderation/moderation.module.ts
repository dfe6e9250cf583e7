import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { AuditModule } from '../audit/audit.module';
import { AuditLogQuery } from './audit-log.query';
import { ReportableContents } from './content/reportable-contents';
import { ModerationController, ReportsController } from './moderation.controller';
import { Report } from './report.entity';
import { ReportsService } from './reports.service';
import { ReportsPersonalData } from './reports.personal-data';

/** Reports and their resolution, suspensions, and the audit log's reading side. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Report, AuditLogEntry]),
    AuditModule,
    DiscoveryModule,
    MembersModule,
  ],
  controllers: [ReportsController, ModerationController],
  providers: [ReportsPersonalData, ReportsService, AuditLogQuery, ReportableContents],
})
export class ModerationModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { DiscussionModule } from '../discussion/discussion.module';
import { PostsModule } from '../posts/posts.module';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { AuditModule } from '../audit/audit.module';
import { AuditLogQuery } from './audit-log.query';
import { MessageContent } from './content/message-content';
import { CommentContent, PostContent } from './content/post-content';
import { REPORTABLE_CONTENT, type ReportableContent } from './content/reportable-content';
import { ModerationController, ReportsController } from './moderation.controller';
import { Report } from './report.entity';
import { ReportsService } from './reports.service';
import { ReportsPersonalData } from './reports.personal-data';

/** Reports and their resolution, suspensions, and the audit log's reading side. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Report, AuditLogEntry]),
    AuditModule,
    MembersModule,
    PostsModule,
    DiscussionModule,
  ],
  controllers: [ReportsController, ModerationController],
  providers: [
    ReportsPersonalData,
    ReportsService,
    AuditLogQuery,
    PostContent,
    CommentContent,
    MessageContent,
    {
      provide: REPORTABLE_CONTENT,
      inject: [PostContent, CommentContent, MessageContent],
      useFactory: (...contents: ReportableContent[]) => contents,
    },
  ],
})
export class ModerationModule {}

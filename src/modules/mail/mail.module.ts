import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { AuditModule } from '../audit/audit.module';
import { MembersModule } from '../members/members.module';
import { MailOutboxRow } from './mail-outbox.entity';
import { MailOutbox } from './mail-outbox';
import { MailSuppression } from './mail-suppression.entity';
import { MailSuppressions } from './mail-suppressions';
import { MailSuppressionsController } from './mail-suppressions.controller';
import { MailSuppressionsPersonalData } from './mail-suppressions.personal-data';
import { MailTemplates } from './mail-templates';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { MailWorker } from './mail-worker';
import { MailPersonalData } from './mail.personal-data';

/**
 * Outgoing mail: the outbox (`mail_outbox`, written in the caller's transaction through
 * `MailOutbox.enqueue`), the transport (`SMTP_URL`, else `.eml` files), the worker that
 * sends, and the addresses the server refused for good (`MailSuppressions`, listed and
 * cleared by moderators). A feature that mails imports this module and injects `MailOutbox`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MailOutboxRow, MailSuppression]), AuditModule, MembersModule],
  controllers: [MailSuppressionsController],
  providers: [
    MailOutbox,
    MailTemplates,
    MailPersonalData,
    MailSuppressions,
    MailSuppressionsPersonalData,
    MailWorker,
    { provide: MAIL_TRANSPORT, inject: [AppConfigService], useFactory: createMailTransport },
  ],
  exports: [MailOutbox, MailTemplates, MailWorker, MailSuppressions],
})
export class MailModule {}

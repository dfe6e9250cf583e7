import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { MailOutboxRow } from './mail-outbox.entity';
import { MailOutbox } from './mail-outbox';
import { MailTemplates } from './mail-templates';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { MailWorker } from './mail-worker';
import { MailPersonalData } from './mail.personal-data';

/**
 * Outgoing mail: the outbox (`mail_outbox`, written in the caller's transaction through
 * `MailOutbox.enqueue`), the transport (`SMTP_URL`, else `.eml` files) and the worker that
 * sends. A feature that mails imports this module and injects `MailOutbox`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MailOutboxRow])],
  providers: [
    MailOutbox,
    MailTemplates,
    MailPersonalData,
    MailWorker,
    { provide: MAIL_TRANSPORT, inject: [AppConfigService], useFactory: createMailTransport },
  ],
  exports: [MailOutbox, MailTemplates, MailWorker],
})
export class MailModule {}

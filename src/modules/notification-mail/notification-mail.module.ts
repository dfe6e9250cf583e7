import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JwtSecretModule } from '../auth/jwt-secret.provider';
import { MailModule } from '../mail/mail.module';
import { MembersModule } from '../members/members.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { DigestJob } from './digest.job';
import { EmailPreferencesController, UnsubscribeController } from './email-preferences.controller';
import { EmailPreferences } from './email-preferences.entity';
import { EmailPreferencesPersonalData } from './email-preferences.personal-data';
import { EmailPreferencesService } from './email-preferences.service';
import { NotificationMailTemplates } from './notification-mail.templates';
import { NotificationMailer } from './notification-mailer';
import { NotificationMailMark } from './notification-mail-mark.entity';
import { UnreadDirectMessagesJob } from './unread-direct-messages.job';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/**
 * Notification mail: each member's choices (`email_preferences`), the mail of an `instant`
 * notification (stored with it, through the notifications' stored hook), the daily or
 * weekly digest (a scheduled job), direct messages still unread after 15 minutes (another),
 * and one-click unsubscribe. Notifications know nothing
 * of it: it listens to them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([EmailPreferences, NotificationMailMark]),
    JwtSecretModule,
    MailModule,
    MembersModule,
    NotificationsModule,
  ],
  controllers: [EmailPreferencesController, UnsubscribeController],
  providers: [
    DigestJob,
    EmailPreferencesPersonalData,
    EmailPreferencesService,
    NotificationMailer,
    NotificationMailTemplates,
    UnreadDirectMessagesJob,
    UnsubscribeTokens,
  ],
})
export class NotificationMailModule {}

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
import { UnsubscribeTokens } from './unsubscribe-tokens';

/**
 * Notification mail: each member's choices (`email_preferences`), the mail of an `instant`
 * notification (stored with it, through the notifications' stored hook), the daily or
 * weekly digest (a scheduled job), and one-click unsubscribe. Notifications know nothing
 * of it: it listens to them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([EmailPreferences]),
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
    UnsubscribeTokens,
  ],
})
export class NotificationMailModule {}

import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { SharedCacheModule } from './common/cache/shared-cache';
import { ClockModule } from './common/clock/clock';
import { EventsModule } from './common/events/events.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { HttpDrainModule } from './common/http/http-drain';
import { LoggerModule } from './common/http/logger.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './modules/auth/auth.module';
import { BlocksModule } from './modules/blocks/blocks.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { DiscussionModule } from './modules/discussion/discussion.module';
import { HealthModule } from './modules/health/health.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MailModule } from './modules/mail/mail.module';
import { MembersModule } from './modules/members/members.module';
import { MembershipModule } from './modules/membership/membership.module';
import { NetworkModule } from './modules/network/network.module';
import { ModerationModule } from './modules/moderation/moderation.module';
import { NotificationMailModule } from './modules/notification-mail/notification-mail.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { UploadsModule } from './modules/uploads/uploads.module';
import { PostsModule } from './modules/posts/posts.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { SeoModule } from './modules/seo/seo.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule,
        HttpDrainModule,
        DatabaseModule,
        EventsModule,
        ClockModule,
        RedisModule,
        SharedCacheModule,
        RateLimitModule,
        HealthModule,
        MembersModule,
        BlocksModule,
        AuthModule,
        DiscussionModule,
        PostsModule,
        PrivacyModule,
        MembershipModule,
        NotificationsModule,
        UploadsModule,
        NetworkModule,
        ModerationModule,
        DashboardModule,
        SeoModule,
        JobsModule,
        MailModule,
        NotificationMailModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}

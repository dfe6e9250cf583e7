import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlocksModule } from '../blocks/blocks.module';
import { PostsModule } from '../posts/posts.module';
import { DirectMessageNotifications } from './direct-message-notifications';
import { MentionNotifications } from './mention-notifications';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationsPersonalData } from './notifications.personal-data';

@Module({
  imports: [TypeOrmModule.forFeature([Notification]), PostsModule, BlocksModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsPersonalData,
    NotificationsService,
    MentionNotifications,
    DirectMessageNotifications,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}

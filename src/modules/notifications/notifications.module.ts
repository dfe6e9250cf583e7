import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../posts/posts.module';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationsPersonalData } from './notifications.personal-data';

@Module({
  imports: [TypeOrmModule.forFeature([Notification]), PostsModule],
  controllers: [NotificationsController],
  providers: [NotificationsPersonalData, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlocksModule } from '../blocks/blocks.module';
import { MemberRelations } from '../members/member-relations';
import { MembersModule } from '../members/members.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { FollowedSources } from '../posts/followed-sources';
import { FollowReads } from './follow-reads';
import { FollowsController, TagFollowsController } from './follows.controller';
import { FollowsService } from './follows.service';
import { MemberFollow } from './member-follow.entity';
import { FollowsPersonalData } from './network.personal-data';
import { TagFollow } from './tag-follow.entity';

/**
 * Following members and tags. Global for its two read ports only: the members feature's
 * profiles (`MemberRelations`) and the posts feature's `feed=following` (`FollowedSources`)
 * read follows through them without importing this module (which imports theirs).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([MemberFollow, TagFollow]),
    MembersModule,
    BlocksModule,
    NotificationsModule,
  ],
  controllers: [FollowsController, TagFollowsController],
  providers: [
    FollowsService,
    FollowReads,
    FollowsPersonalData,
    { provide: MemberRelations, useExisting: FollowReads },
    { provide: FollowedSources, useExisting: FollowReads },
  ],
  exports: [MemberRelations, FollowedSources],
})
export class NetworkModule {}

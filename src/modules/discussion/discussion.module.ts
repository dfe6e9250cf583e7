import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { BlocksModule } from '../blocks/blocks.module';
import { MembersModule } from '../members/members.module';
import { PostsModule } from '../posts/posts.module';
import { ChatLimits } from './chat-limits.service';
import { ConversationMember } from './conversation-member.entity';
import { ConversationsController } from './conversations.controller';
import {
  ConversationsPersonalData,
  ReadPositionsPersonalData,
} from './conversations.personal-data';
import { ConversationsService } from './conversations.service';
import { DiscussionServer } from './discussion-server';
import { DiscussionController } from './discussion.controller';
import { DiscussionGateway } from './discussion.gateway';
import { DiscussionListener } from './discussion.listener';
import { DiscussionPersonalData } from './discussion.personal-data';
import { Message } from './message.entity';
import { MessagesService } from './messages.service';
import { MessageReportableContent } from './messages.reportable-content';
import { PostWatchers } from './post-watchers';
import { PresenceService } from './presence.service';
import { ReadPosition } from './read-position.entity';
import { ReadPositionsService } from './read-positions.service';
import { Room } from './room.entity';
import { RoomsService } from './rooms.service';
import { SocketQuota } from './socket-quota';
import { MessageMentions } from './message-mentions';
import { MentionsModule } from '../mentions/mentions.module';

/**
 * Rooms, direct conversations (rooms of kind `direct`), messages, read positions, live posts
 * (`post:watch`) and the `/discussion` Socket.IO gateway.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Room, Message, ConversationMember, ReadPosition]),
    AuditModule,
    MembersModule,
    AuthModule,
    PostsModule,
    BlocksModule,
    MentionsModule,
  ],
  controllers: [DiscussionController, ConversationsController],
  providers: [
    RoomsService,
    MessagesService,
    DiscussionServer,
    PresenceService,
    ChatLimits,
    SocketQuota,
    PostWatchers,
    DiscussionGateway,
    DiscussionListener,
    DiscussionPersonalData,
    MessageReportableContent,
    ConversationsService,
    ReadPositionsService,
    ConversationsPersonalData,
    ReadPositionsPersonalData,
    MessageMentions,
  ],
  exports: [RoomsService, MessagesService],
})
export class DiscussionModule {}

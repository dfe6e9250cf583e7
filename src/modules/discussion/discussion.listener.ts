import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { isSuspended } from '../../common/auth/auth-member';
import type { DomainEvents } from '../../common/events/domain-events';
import { MembersService } from '../members/members.service';
import { DiscussionServer } from './discussion-server';
import { memberChannel, roomChannel } from './discussion.events';
import { PostWatchers } from './post-watchers';
import { PresenceService } from './presence.service';
import { mayJoin, RoomsService } from './rooms.service';

/**
 * Turns domain events into socket traffic. Services raise events; only this class and
 * the gateway touch the sockets. Broadcasts (`to(...).emit`) go through the Redis adapter
 * when there is one. `member.changed` and `session.revoked` reach every process through
 * the domain event bus, so each process closes or re-checks only its own (`local`) sockets.
 */
@Injectable()
export class DiscussionListener {
  private readonly logger = new Logger(DiscussionListener.name);

  constructor(
    private readonly server: DiscussionServer,
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
    private readonly presence: PresenceService,
    private readonly postWatchers: PostWatchers,
  ) {}

  /**
   * A room's message reaches the sockets that joined it; a direct conversation's reaches every
   * socket of its members (joined sockets are among them), so clients can badge it.
   */
  @OnEvent('discussion.message.created')
  onMessageCreated({ message, memberIds }: DomainEvents['discussion.message.created']): void {
    const channels = memberIds ? memberIds.map(memberChannel) : roomChannel(message.roomId);
    this.server.nsp?.to(channels).emit('message:new', message);
  }

  @OnEvent('discussion.message.deleted')
  async onMessageDeleted({
    roomId,
    id,
  }: DomainEvents['discussion.message.deleted']): Promise<void> {
    try {
      const room = await this.rooms.find(roomId);
      const channels =
        room?.kind === 'direct'
          ? (await this.rooms.conversationMemberIds(roomId)).map(memberChannel)
          : roomChannel(roomId);
      this.server.nsp?.to(channels).emit('message:deleted', { roomId, id });
    } catch (error) {
      this.logger.error({ err: error }, `Deletion of message ${id} not announced`);
    }
  }

  /** A member left a conversation: their sockets leave its channel, in every process. */
  @OnEvent('conversation.left')
  onConversationLeft({ memberId, conversationId }: DomainEvents['conversation.left']): void {
    this.server.nsp?.in(memberChannel(memberId)).socketsLeave(roomChannel(conversationId));
  }

  /** A read position moved: the member's other sockets (tabs, phone) clear their badge too. */
  @OnEvent('room.read')
  onRead({ memberId, roomId, lastReadSeq }: DomainEvents['room.read']): void {
    this.server.nsp?.to(memberChannel(memberId)).emit('room:read', { roomId, lastReadSeq });
  }

  @OnEvent('notification.created')
  onNotification({ memberId, notification }: DomainEvents['notification.created']): void {
    this.server.nsp?.to(memberChannel(memberId)).emit('notification', notification);
  }

  /** A new comment reaches the watchers of its post who may see it at send time. */
  @OnEvent('post.comment.created')
  async onCommentCreated({ comment }: DomainEvents['post.comment.created']): Promise<void> {
    try {
      await this.postWatchers.sendComment(comment);
    } catch (error) {
      this.logger.error({ err: error }, `Comment ${comment.id} not sent to its post's watchers`);
    }
  }

  @OnEvent('post.likes.changed')
  async onLikesChanged({ postId }: DomainEvents['post.likes.changed']): Promise<void> {
    try {
      await this.postWatchers.sendLikes(postId);
    } catch (error) {
      this.logger.error({ err: error }, `Likes of post ${postId} not sent to its watchers`);
    }
  }

  /** A logout or a revocation closes the sockets of the sessions it ended. */
  @OnEvent('session.revoked')
  async onSessionRevoked({
    memberId,
    sessionId,
    exceptSessionId,
  }: DomainEvents['session.revoked']): Promise<void> {
    const nsp = this.server.nsp;
    if (!nsp) return;
    try {
      const sockets = await nsp.local.in(memberChannel(memberId)).fetchSockets();
      for (const socket of sockets) {
        const ended =
          sessionId !== null
            ? socket.data.sessionId === sessionId
            : socket.data.sessionId !== exceptSessionId;
        if (ended) socket.disconnect(true);
      }
    } catch (error) {
      this.logger.error({ err: error }, `Sockets of member ${memberId} not closed`);
    }
  }

  /**
   * Rights changed: an erased or suspended member is disconnected; one who lost the
   * Golden Crown leaves the rooms that need it, and watches posts as a standard member.
   */
  @OnEvent('member.changed')
  async onMemberChanged({ memberId }: DomainEvents['member.changed']): Promise<void> {
    const nsp = this.server.nsp;
    if (!nsp) return;
    try {
      // Awaited first: by then `MembersService` has dropped its cached copy of the member.
      const sockets = await nsp.local.in(memberChannel(memberId)).fetchSockets();
      if (sockets.length === 0) return;
      const member = await this.members.findActive(memberId);
      if (!member || isSuspended(member)) {
        for (const socket of sockets) socket.disconnect(true);
        return;
      }
      for (const socket of sockets) {
        socket.data.displayName = member.displayName; // presence shows the current name
        for (const channel of socket.rooms) {
          if (!channel.startsWith('room:')) continue;
          const roomId = channel.slice('room:'.length);
          const room = await this.rooms.find(roomId);
          // Rights never change a conversation's membership.
          if (room && room.kind !== 'direct' && !mayJoin(member, room)) {
            socket.leave(channel);
            this.presence.schedule(roomId);
          }
        }
        await this.postWatchers.regroup(socket, member);
      }
    } catch (error) {
      this.logger.error({ err: error }, `Sockets of member ${memberId} not re-checked`);
    }
  }
}

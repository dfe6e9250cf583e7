import { Logger, UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { isSuspended } from '../../common/auth/auth-member';
import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from '../../common/errors/domain-error';
import { MemberSuspendedError } from '../auth/auth.errors';
import { AuthService } from '../auth/auth.service';
import type { MemberRecord } from '../members/member.record';
import { MembersService } from '../members/members.service';
import { ChatLimits, JOIN_WINDOW_MS } from './chat-limits.service';
import { DiscussionServer } from './discussion-server';
import { NotInRoomError, TooManySocketsError } from './discussion.errors';
import {
  DISCUSSION_NAMESPACE,
  memberChannel,
  roomChannel,
  type Ack,
  type DiscussionNamespace,
  type DiscussionSocket,
  type JoinAck,
  type ReadAck,
  type SendAck,
} from './discussion.events';
import { DEFAULT_HISTORY_SIZE, MAX_HISTORY_SIZE } from './dto/message.dto';
import { toRoomDto } from './dto/room.dto';
import {
  JoinRoomPayload,
  PostRefPayload,
  ReadRoomPayload,
  RoomRefPayload,
  SendMessagePayload,
} from './dto/socket.dto';
import { ConversationsService } from './conversations.service';
import { ReadPositionsService } from './read-positions.service';
import { MessagesService } from './messages.service';
import { PostWatchers } from './post-watchers';
import { PresenceService } from './presence.service';
import type { Room } from './room.entity';
import { mayJoin, RoomsService } from './rooms.service';
import { SocketQuota } from './socket-quota';
import { validatePayload, WsAckExceptionFilter } from './ws-ack-exception.filter';

/**
 * Real-time discussion. The handshake is authenticated in the namespace middleware with
 * the HTTP token service; every event then checks the member's current rights (read
 * through `MembersService`, whose cache `member.changed` empties). Server-wide options
 * (WebSocket only, 64 KB frames, Origin check, Redis) are in `SocketIoAdapter`; the limits
 * on sockets and events, shared by every process, in `SocketQuota` and `ChatLimits`.
 */
@UseFilters(WsAckExceptionFilter)
@WebSocketGateway({ namespace: DISCUSSION_NAMESPACE })
export class DiscussionGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(DiscussionGateway.name);

  constructor(
    private readonly auth: AuthService,
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
    private readonly server: DiscussionServer,
    private readonly limits: ChatLimits,
    private readonly quota: SocketQuota,
    private readonly postWatchers: PostWatchers,
    private readonly conversations: ConversationsService,
    private readonly readPositions: ReadPositionsService,
  ) {}

  afterInit(nsp: DiscussionNamespace): void {
    this.server.attach(nsp);
    nsp.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          if (!(error instanceof DomainError)) {
            this.logger.error({ err: error }, 'Socket handshake failed');
          }
          next(new Error((error instanceof DomainError ? error : new UnavailableError()).code));
        },
      );
    });
  }

  handleConnection(socket: DiscussionSocket): void {
    // Still in its rooms here; the presence broadcast runs after it has left them.
    socket.on('disconnecting', () => {
      for (const channel of socket.rooms) {
        if (channel.startsWith('room:')) this.presence.schedule(channel.slice('room:'.length));
      }
    });
  }

  @SubscribeMessage('room:join')
  async join(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<JoinAck> {
    const { roomId, afterSeq } = validatePayload(JoinRoomPayload, data);
    if (!(await this.limits.joins.take(socket.data.memberId))) {
      throw new RateLimitedError(JOIN_WINDOW_MS / 1000);
    }
    const member = await this.currentMember(socket);
    const room = await this.joinableRoom(member, roomId);
    // Join first, read second: a message stored in between arrives twice (the client
    // keeps one per `seq`), never not at all.
    await socket.join(roomChannel(room.id));
    // A conversation's members have their positions from the start; a room's starts now.
    if (room.kind !== 'direct') await this.readPositions.startAtLatest(member.id, room.id);
    const { items, hasMore } = await this.messages.history(
      room.id,
      afterSeq === undefined
        ? { limit: DEFAULT_HISTORY_SIZE }
        : { afterSeq, limit: MAX_HISTORY_SIZE },
    );
    this.presence.schedule(room.id);
    return { ok: true, room: toRoomDto(room), messages: items, hasMore };
  }

  @SubscribeMessage('room:leave')
  async leave(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<Ack> {
    const { roomId } = validatePayload(RoomRefPayload, data);
    if (socket.rooms.has(roomChannel(roomId))) {
      await socket.leave(roomChannel(roomId));
      this.presence.schedule(roomId);
    }
    return { ok: true };
  }

  @SubscribeMessage('message:send')
  async send(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<SendAck> {
    const { roomId, clientMsgId, body } = validatePayload(SendMessagePayload, data);
    if (!(await this.limits.messages.take(socket.data.memberId))) throw new RateLimitedError(1);
    const member = await this.currentMember(socket);
    const room = await this.roomToWriteIn(socket, member, roomId);
    const { message } =
      room.kind === 'direct'
        ? await this.conversations.send(member, roomId, clientMsgId, body)
        : await this.messages.send(member, roomId, clientMsgId, body);
    return { ok: true, message };
  }

  /** Marks a room or conversation read up to `seq`; the member's other sockets hear it. */
  @SubscribeMessage('room:read')
  async read(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<ReadAck> {
    const { roomId, seq } = validatePayload(ReadRoomPayload, data);
    const member = await this.currentMember(socket);
    const room = await this.rooms.find(roomId);
    const readable =
      room &&
      (room.kind === 'direct'
        ? await this.rooms.isConversationMember(room.id, member.id)
        : mayJoin(member, room));
    if (!readable) throw new NotFoundError('Room');
    const lastReadSeq = await this.conversations.read(
      member.id,
      roomId,
      seq,
      room.kind === 'direct',
    );
    return { ok: true, lastReadSeq };
  }

  @SubscribeMessage('typing')
  async typing(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<Ack> {
    const { roomId } = validatePayload(RoomRefPayload, data);
    const member = await this.currentMember(socket);
    const room = await this.roomToWriteIn(socket, member, roomId);
    // In a conversation as in a room, only a joined socket types (joining checked membership).
    if (room.kind === 'direct' && !socket.rooms.has(roomChannel(roomId))) {
      throw new NotInRoomError();
    }
    // Past the throttle the ack stays `ok`: a dropped `typing` is no error.
    if (await this.limits.typing.take(`${member.id}:${roomId}`)) {
      socket.to(roomChannel(roomId)).emit('typing', {
        roomId,
        member: { id: member.id, displayName: member.displayName },
      });
    }
    return { ok: true };
  }

  /**
   * Follows an open post: `comment:new` and `post:likes` from then on, while the member may
   * see it. A post they cannot see is `NOT_FOUND`, as over HTTP. Throttled as `room:join`.
   */
  @SubscribeMessage('post:watch')
  async watchPost(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<Ack> {
    const { postId } = validatePayload(PostRefPayload, data);
    if (!(await this.limits.watches.take(socket.data.memberId))) {
      throw new RateLimitedError(JOIN_WINDOW_MS / 1000);
    }
    const member = await this.currentMember(socket);
    await this.postWatchers.watch(socket, member, postId);
    return { ok: true };
  }

  @SubscribeMessage('post:unwatch')
  async unwatchPost(
    @ConnectedSocket() socket: DiscussionSocket,
    @MessageBody() data: unknown,
  ): Promise<Ack> {
    const { postId } = validatePayload(PostRefPayload, data);
    await this.postWatchers.unwatch(socket, postId);
    return { ok: true };
  }

  /**
   * Verifies the handshake's token; the socket then belongs to that member and session,
   * if the member has fewer than `MAX_SOCKETS_PER_MEMBER` open.
   */
  private async authenticate(socket: DiscussionSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown>).token;
    if (typeof token !== 'string' || token.length === 0) throw new UnauthenticatedError();
    const member = await this.auth.authenticateToken(token);
    if (isSuspended(member)) {
      throw new MemberSuspendedError();
    }
    socket.data = {
      memberId: member.id,
      displayName: member.displayName,
      sessionId: member.sessionId,
    };
    if (!(await this.quota.admit(socket))) throw new TooManySocketsError(this.quota.limit);
    // Before `connect` reaches the client, so it gets every notification from then on.
    await socket.join(memberChannel(member.id));
  }

  /** The member as they are now; an erased member's socket is closed. */
  private async currentMember(socket: DiscussionSocket): Promise<MemberRecord> {
    const member = await this.members.findActive(socket.data.memberId);
    if (!member) {
      socket.disconnect(true);
      throw new UnauthenticatedError('The account no longer exists');
    }
    return member;
  }

  private async joinableRoom(member: MemberRecord, roomId: string): Promise<Room> {
    const room = await this.rooms.find(roomId);
    if (!room) throw new NotFoundError('Room');
    if (room.kind === 'direct') {
      // A conversation is for its members only; to anyone else it does not exist.
      if (!(await this.rooms.isConversationMember(room.id, member.id))) {
        throw new NotFoundError('Room');
      }
      return room;
    }
    if (!mayJoin(member, room)) {
      throw new ForbiddenError('This room is for Golden Crown members');
    }
    return room;
  }

  /**
   * A room the member has joined and may still write in (rights may have changed since), or
   * a direct conversation they are a member of (joined or not: the conversation service
   * checks the membership and blocks as it stores).
   */
  private async roomToWriteIn(
    socket: DiscussionSocket,
    member: MemberRecord,
    roomId: string,
  ): Promise<Room> {
    if (isSuspended(member)) {
      throw new MemberSuspendedError();
    }
    const room = await this.rooms.find(roomId);
    if (room?.kind === 'direct') return room;
    if (!socket.rooms.has(roomChannel(roomId))) {
      throw new NotInRoomError();
    }
    if (!room || !mayJoin(member, room)) {
      await socket.leave(roomChannel(roomId));
      this.presence.schedule(roomId);
      throw new ForbiddenError('You may no longer write in this room');
    }
    return room;
  }
}

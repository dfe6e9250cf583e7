import type { Namespace, Socket } from 'socket.io';
import type { DomainEvents } from '../../common/events/domain-events';
import type { CommentResponseDto } from '../posts/dto/comment.dto';
import type { HistoryItem, MessageDto } from './dto/message.dto';
import type { RoomDto } from './dto/room.dto';

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    /** A chat message was stored (not raised again for an idempotent retry). */
    'discussion.message.created': {
      message: MessageDto;
      /** A direct conversation's members: the message reaches their own sockets, joined or not. */
      memberIds?: readonly string[];
    };
    /** A chat message was deleted; its `seq` stays as a tombstone. */
    'discussion.message.deleted': { roomId: string; id: string };
    /** A member left a direct conversation (their sockets leave it). */
    'conversation.left': { memberId: string; conversationId: string };
    /**
     * A direct message was stored (not for a retry): `recipientIds` are the other members
     * who have not muted the conversation. Raised and awaited before the answer.
     */
    'conversation.message.created': {
      conversationId: string;
      messageId: string;
      seq: number;
      authorId: string;
      recipientIds: string[];
    };
    /** A member read a conversation to its latest message. */
    'conversation.caught_up': { memberId: string; conversationId: string };
    /** A member's read position in a room or conversation moved forward. */
    'room.read': { memberId: string; roomId: string; lastReadSeq: number };
  }
}

/** The namespace of the discussion gateway. */
export const DISCUSSION_NAMESPACE = '/discussion';

export const roomChannel = (roomId: string): string => `room:${roomId}`;
export const memberChannel = (memberId: string): string => `member:${memberId}`;

export interface OnlineMember {
  id: string;
  displayName: string;
}

/** Every event the server sends to discussion clients. */
export interface ServerToClientEvents {
  'message:new': (message: MessageDto) => void;
  'message:deleted': (payload: { roomId: string; id: string }) => void;
  presence: (payload: { roomId: string; online: OnlineMember[] }) => void;
  typing: (payload: { roomId: string; member: OnlineMember }) => void;
  notification: (notification: DomainEvents['notification.created']['notification']) => void;
  /** A new comment or reply on a watched post, as the comments list shows it. */
  'comment:new': (comment: CommentResponseDto) => void;
  /** The member read a room or conversation up to `lastReadSeq` (on another socket, maybe). */
  'room:read': (payload: { roomId: string; lastReadSeq: number }) => void;
  /** A watched post's like count changed. */
  'post:likes': (payload: { postId: string; likeCount: number }) => void;
}

/** What every acknowledgement carries: `{ok: true, ...}` or a refusal with a stable code. */
export type AckError = { ok: false; code: string; message: string; details?: unknown[] };
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

export type JoinAck = Ack<{ room: RoomDto; messages: HistoryItem[]; hasMore: boolean }>;
export type SendAck = Ack<{ message: MessageDto }>;
export type ReadAck = Ack<{ lastReadSeq: number }>;

/** Every event clients send; payloads are validated in the gateway. */
export interface ClientToServerEvents {
  'room:join': (
    payload: { roomId: string; afterSeq?: number },
    ack: (answer: JoinAck) => void,
  ) => void;
  'room:leave': (payload: { roomId: string }, ack: (answer: Ack) => void) => void;
  'message:send': (
    payload: { roomId: string; clientMsgId: string; body: string },
    ack: (answer: SendAck) => void,
  ) => void;
  typing: (payload: { roomId: string }, ack: (answer: Ack) => void) => void;
  'room:read': (payload: { roomId: string; seq: number }, ack: (answer: ReadAck) => void) => void;
  'post:watch': (payload: { postId: string }, ack: (answer: Ack) => void) => void;
  'post:unwatch': (payload: { postId: string }, ack: (answer: Ack) => void) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

/** Set by the handshake; read across processes by `fetchSockets()` (presence, revocation). */
export interface SocketData {
  memberId: string;
  displayName: string;
  sessionId: string;
}

export type DiscussionNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type DiscussionSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

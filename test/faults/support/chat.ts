import { io, type Socket } from 'socket.io-client';
import type { HistoryItem, MessageDto } from '../../../src/modules/discussion/dto/message.dto';
import type {
  ClientToServerEvents,
  JoinAck,
  SendAck,
  ServerToClientEvents,
} from '../../../src/modules/discussion/discussion.events';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ChatOptions {
  /** socket.io-client's own reconnection (with `url` fixed, a restart on the same port). */
  reconnection?: boolean;
}

/** A connected `/discussion` client (WebSocket only, like the web client). */
export function connectChat(
  url: string,
  token: string,
  { reconnection = false }: ChatOptions = {},
): Promise<ChatSocket> {
  const socket: ChatSocket = io(`${url}/discussion`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      if (!reconnection) socket.close();
      reject(error);
    });
  });
}

/** `room:join`, answered or a rejection after `timeoutMs`. */
export async function join(
  socket: ChatSocket,
  roomId: string,
  afterSeq?: number,
  timeoutMs = 10_000,
): Promise<Extract<JoinAck, { ok: true }>> {
  const ack: JoinAck = await socket
    .timeout(timeoutMs)
    .emitWithAck('room:join', afterSeq === undefined ? { roomId } : { roomId, afterSeq });
  if (!ack.ok) throw new Error(`room:join refused: ${ack.code} ${ack.message}`);
  return ack;
}

/** `message:send`; the ack, or a rejection after `timeoutMs` (no answer). */
export function send(
  socket: ChatSocket,
  payload: { roomId: string; clientMsgId: string; body: string },
  timeoutMs = 5_000,
): Promise<SendAck> {
  return socket.timeout(timeoutMs).emitWithAck('message:send', payload);
}

/** Joins with `afterSeq` and pages on until nothing more: every message after `afterSeq`. */
export async function catchUp(
  socket: ChatSocket,
  roomId: string,
  afterSeq = 0,
): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  let after = afterSeq;
  for (;;) {
    const ack = await join(socket, roomId, after);
    items.push(...ack.messages);
    if (!ack.hasMore || ack.messages.length === 0) return items;
    after = ack.messages[ack.messages.length - 1].seq;
  }
}

export function isMessage(item: HistoryItem): item is MessageDto {
  return !('deleted' in item);
}

/** The open rooms, from `GET /api/rooms`. */
export async function openRooms(
  url: string,
  token: string,
): Promise<{ id: string; slug: string }[]> {
  const res = await fetch(`${url}/api/rooms`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /api/rooms answered ${res.status}`);
  const body = (await res.json()) as { items: { id: string; slug: string; kind: string }[] };
  return body.items.filter((room) => room.kind === 'open');
}

/** Resolves with the next `disconnect` reason. */
export function nextDisconnect(socket: ChatSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Resolves at the next `connect` (a reconnection). */
export function nextConnect(socket: ChatSocket): Promise<void> {
  return new Promise((resolve) => socket.once('connect', () => resolve()));
}

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import { session } from './api';
import { useAuth } from './auth';
import type { ChatMessage, Comment, HistoryItem, Notification, Room } from './types';

export type Ack<T> = ({ ok: true } & T) | { ok: false; code: string; message: string };

export interface ServerEvents {
  'message:new': (message: ChatMessage) => void;
  'message:deleted': (event: { roomId: string; id: string }) => void;
  presence: (event: { roomId: string; online: { id: string; displayName: string }[] }) => void;
  typing: (event: { roomId: string; member: { id: string; displayName: string } }) => void;
  notification: (notification: Notification) => void;
  'comment:new': (comment: Comment) => void;
  'post:likes': (event: { postId: string; likeCount: number }) => void;
  /** The member read a room or conversation up to `lastReadSeq` (here or on another device). */
  'room:read': (event: { roomId: string; lastReadSeq: number }) => void;
}

export interface ClientEvents {
  'room:join': (
    payload: { roomId: string; afterSeq?: number },
    ack: (answer: Ack<{ room: Room; messages: HistoryItem[]; hasMore?: boolean }>) => void,
  ) => void;
  'room:leave': (payload: { roomId: string }, ack: (answer: Ack<object>) => void) => void;
  'message:send': (
    payload: { roomId: string; clientMsgId: string; body: string },
    ack: (answer: Ack<{ message: ChatMessage }>) => void,
  ) => void;
  typing: (payload: { roomId: string }, ack: (answer: Ack<object>) => void) => void;
  'post:watch': (payload: { postId: string }, ack: (answer: Ack<object>) => void) => void;
  'post:unwatch': (payload: { postId: string }, ack: (answer: Ack<object>) => void) => void;
  'room:read': (
    payload: { roomId: string; seq: number },
    ack: (answer: Ack<{ lastReadSeq: number }>) => void,
  ) => void;
}

export type DiscussionSocket = Socket<ServerEvents, ClientEvents>;

interface SocketState {
  socket: DiscussionSocket | null;
  connected: boolean;
  /**
   * Why the server refused the connection (`MEMBER_SUSPENDED`, `TOO_MANY_SOCKETS`):
   * Socket.IO does not retry a refusal, so the screens say it instead of "reconnecting".
   */
  refused?: string;
}

const SocketContext = createContext<SocketState>({ socket: null, connected: false });

/**
 * One socket to `/discussion` while signed in. Each (re)connection reads the current access
 * token; a refused handshake (expired token) refreshes the session and connects again.
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const { signedIn } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<SocketState>({ socket: null, connected: false });
  const io = useSocketIoClient(signedIn);

  useEffect(() => {
    if (!signedIn || !io) return;
    const socket: DiscussionSocket = io('/discussion', {
      transports: ['websocket'],
      auth: (callback) => callback({ token: session.token ?? '' }),
    });
    setState({ socket, connected: false });
    socket.on('connect', () => setState({ socket, connected: true }));
    socket.on('disconnect', (reason) => {
      setState({ socket, connected: false });
      // The server closed it (logout, suspension, a revoked session): try once more with
      // fresh tokens; a signed-out member stays disconnected.
      if (reason === 'io server disconnect') {
        void session.refresh().then((ok) => ok && socket.connect());
      }
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'UNAUTHENTICATED') {
        void session.refresh().then((ok) => ok && socket.connect());
      } else if (!socket.active) {
        setState({ socket, connected: false, refused: error.message });
        // The profile says until when a suspension lasts.
        if (error.message === 'MEMBER_SUSPENDED') {
          void queryClient.invalidateQueries({ queryKey: ['me'] });
        }
      }
    });
    socket.on('notification', (notification) => {
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      // A notification about a post (a comment, a reply) means that post has changed.
      const { postId } = notification.data;
      if (typeof postId === 'string') {
        void queryClient.invalidateQueries({ queryKey: ['post', postId] });
      }
      if (notification.type === 'application_decided' || notification.type === 'tier_revoked') {
        void queryClient.invalidateQueries({ queryKey: ['me'] });
        void queryClient.invalidateQueries({ queryKey: ['applications'] });
        void queryClient.invalidateQueries({ queryKey: ['rooms'] });
      }
    });
    // Direct messages reach every socket of their members: the inbox and its badge follow.
    socket.on('message:new', (message) => {
      if (message.conversationId) {
        void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      }
    });
    // Reading a conversation to its end also reads its notification.
    socket.on('room:read', () => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void queryClient.invalidateQueries({ queryKey: ['rooms'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    });
    const unsubscribe = session.subscribe((event) => {
      // A fresh token after a refresh: a socket that lost its connection uses it next time.
      if (event === 'refreshed' && !socket.connected && !socket.active) socket.connect();
    });
    return () => {
      unsubscribe();
      socket.removeAllListeners();
      socket.disconnect();
      setState({ socket: null, connected: false });
    };
  }, [signedIn, queryClient, io]);

  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}

export const useSocket = (): SocketState => useContext(SocketContext);

type SocketIoClient = (typeof import('socket.io-client'))['io'];

/** socket.io-client, loaded once a member signs in: a visitor never downloads it. */
function useSocketIoClient(needed: boolean): SocketIoClient | undefined {
  const [io, setIo] = useState<SocketIoClient>();
  useEffect(() => {
    if (needed && !io) void import('socket.io-client').then((module) => setIo(() => module.io));
  }, [needed, io]);
  return io;
}

/** A new id for `message:send`: the same id on a retry makes the send idempotent. */
export function newClientMsgId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { DiscussionServer } from '../../src/modules/discussion/discussion-server';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../src/modules/discussion/discussion.events';
import type { TestApp } from './test-app';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const WAIT_MS = 10_000;

/** Makes the app listen on a free port of 127.0.0.1 and returns its URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export interface ConnectOptions {
  token?: string;
  origin?: string;
}

function socketFor(url: string, { token, origin }: ConnectOptions): ChatClient {
  return io(`${url}/discussion`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: token === undefined ? {} : { token },
    ...(origin ? { extraHeaders: { Origin: origin } } : {}),
  });
}

/** A connected discussion client, or a rejection with the `connect_error`. */
export function connect(url: string, token: string, options: Omit<ConnectOptions, 'token'> = {}) {
  const socket = socketFor(url, { token, ...options });
  return new Promise<ChatClient>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The `connect_error` a handshake ends with (fails the test if it connects). */
export function connectError(url: string, options: ConnectOptions): Promise<Error> {
  const socket = socketFor(url, options);
  return new Promise<Error>((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('The handshake was accepted'));
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error);
    });
  });
}

type EventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Records every `event` a client receives from now on; `next(predicate)` waits for the
 * first recorded (or future) one that matches.
 */
export function record<E extends keyof ServerToClientEvents>(socket: ChatClient, event: E) {
  const seen: EventPayload<E>[] = [];
  const waiters: {
    predicate: (p: EventPayload<E>) => boolean;
    resolve: (p: EventPayload<E>) => void;
  }[] = [];
  const listener = (payload: EventPayload<E>) => {
    seen.push(payload);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(payload)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(payload);
      }
    }
  };
  (socket as unknown as { on: (e: string, l: (p: EventPayload<E>) => void) => void }).on(
    event,
    listener,
  );
  return {
    seen,
    next(predicate: (payload: EventPayload<E>) => boolean = () => true): Promise<EventPayload<E>> {
      const found = seen.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          if (waiters.includes(waiter)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            reject(new Error(`No matching ${event} event within ${WAIT_MS} ms`));
          }
        }, WAIT_MS).unref();
      });
    },
  };
}

/** Resolves with the reason once the client is disconnected. */
export function disconnected(socket: ChatClient): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Still connected')), WAIT_MS).unref();
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/**
 * Closes a client and resolves once the server has let its socket go, so what counts the
 * member's sockets sees one fewer (`t` is the app the socket is connected to).
 */
export async function closeOnServer(t: TestApp, socket: ChatClient): Promise<void> {
  const onServer = t.app.get(DiscussionServer).nsp?.sockets.get(socket.id ?? '');
  if (!onServer) throw new Error(`Socket ${socket.id} is not connected to this app`);
  const gone = new Promise<void>((resolve) => onServer.once('disconnect', () => resolve()));
  socket.close();
  await gone;
}

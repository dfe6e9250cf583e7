import type { IncomingMessage } from 'node:http';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { createRedisClient, type RedisClient } from '../redis/redis.module';
import type { AppConfig } from '../../config/env.schema';

/** A frame larger than this closes the socket (the API contract: 64 KB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * A socket with more unsent data than this (characters queued by engine.io plus bytes
 * buffered under its WebSocket) is closed: a client that stopped reading. Room for a full
 * history page (100 messages of 4,000 characters) and then some.
 */
export const MAX_PENDING_OUTPUT = 2 * 1024 * 1024;

/**
 * Queued output below this is not compared with the limit: reading the WebSocket's
 * buffered amount for every packet of every broadcast cost ~3% of a busy server's CPU.
 */
const SLOW_CONSUMER_CHECK_BYTES = 64 * 1024;

/**
 * What `dropSlowConsumers` and `coalesceWrites` use of an engine.io socket (engine.io is
 * not a dependency of its own here, so neither are its types).
 */
export interface EngineConnection {
  id: string;
  writeBuffer: unknown[];
  flush(): void;
  transport: {
    socket?: {
      bufferedAmount?: number;
      terminate?: () => void;
      /** The TCP socket under the WebSocket. */
      _socket?: { cork(): void; uncork(): void };
    };
  };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: () => void): void;
}

type Engine = { on(event: 'connection', listener: (conn: EngineConnection) => void): void };

/**
 * Engine.io queues every packet for a socket whose transport is not writable, without a
 * limit: one client that stops reading (a frozen tab, a stalled network) made the server's
 * memory grow with all the room's traffic. Past `limit` (checked once 64 KB are queued), the
 * socket's connection is cut; the client reconnects and catches up with `afterSeq`.
 */
export function dropSlowConsumers(
  engine: Engine,
  limit: number,
  onDrop: (conn: EngineConnection, pending: number) => void,
): void {
  engine.on('connection', (conn) => {
    let queued = 0;
    let dropped = false;
    conn.on('flush', () => {
      queued = 0;
    });
    conn.on('packetCreate', (packet) => {
      const data = packet.data;
      queued +=
        typeof data === 'string' ? data.length : Buffer.isBuffer(data) ? data.byteLength : 0;
      if (queued < SLOW_CONSUMER_CHECK_BYTES || dropped) return;
      const pending = queued + (conn.transport.socket?.bufferedAmount ?? 0);
      if (pending > limit) {
        dropped = true;
        onDrop(conn, pending);
        conn.transport.socket?.terminate?.();
      }
    });
  });
}

/**
 * At most two writes per socket per event-loop turn instead of one per packet. Engine.io
 * hands each packet to the WebSocket as it is created, so a broadcast to a room of n members
 * is n `writev` system calls, and k broadcasts in one turn k·n: on a busy chat server the
 * writes were ~40% of its CPU. Here a socket's first packet of a turn is written at once (an
 * idle server adds no delay), and the ones that follow it in the same turn (the next
 * broadcasts, acks) wait for the end of the turn (`setImmediate`) and go out together,
 * corked, as one write. Order is kept: packets leave in the order they were queued. A busy
 * server, whose turns carry many broadcasts, writes fewer and larger chunks.
 */
export function coalesceWrites(engine: Engine): void {
  interface Entry {
    conn: EngineConnection;
    flush: () => void;
    /** The turn of the socket's last immediate write. */
    turn: number;
    due: boolean;
  }
  let turn = 0;
  let ending = false;
  let due: Entry[] = [];
  const endTurn = () => {
    ending = false;
    turn += 1;
    const batch = due;
    due = [];
    for (const entry of batch) {
      entry.due = false;
      const tcp = entry.conn.transport.socket?._socket;
      tcp?.cork();
      entry.flush();
      tcp?.uncork();
    }
  };
  engine.on('connection', (conn) => {
    const entry: Entry = { conn, flush: conn.flush.bind(conn), turn: -1, due: false };
    conn.flush = () => {
      if (conn.writeBuffer.length === 0 || entry.due) return;
      if (!ending) {
        ending = true;
        setImmediate(endTurn);
      }
      if (entry.turn !== turn) {
        entry.turn = turn;
        entry.flush();
      } else {
        entry.due = true;
        due.push(entry);
      }
    };
  });
}

/**
 * Whether a handshake may come from `origin`. No `Origin` header (a native client) passes;
 * a browser's must be the server's own origin (same host as the `Host` header) or one of
 * `CORS_ORIGINS`. Socket.IO's `cors` option refuses nothing, hence this check.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}

/**
 * The Socket.IO server every gateway shares: WebSocket transport only, 64 KB frames, no
 * compression, one write per socket per event-loop turn (`coalesceWrites`), the `Origin`
 * check, and with `REDIS_URL` the Redis adapter, so several processes share rooms. A
 * broadcast is encoded once, WebSocket frame included, for all the sockets it reaches
 * (socket.io-adapter), through the Redis adapter too (once per process).
 */
export class SocketIoAdapter extends IoAdapter {
  /** Redis trouble and dropped slow consumers. */
  private readonly redisLogger = new Logger(SocketIoAdapter.name);
  private readonly redisClients: RedisClient[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: Pick<AppConfig, 'CORS_ORIGINS' | 'REDIS_URL' | 'REDIS_KEY_PREFIX'>,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      transports: ['websocket'],
      maxHttpBufferSize: MAX_FRAME_BYTES,
      // Off (engine.io's default, kept explicit): with it on, engine.io could no longer send a
      // broadcast's frame as encoded once for all its sockets, and would compress per socket.
      perMessageDeflate: false,
      allowRequest: (request: IncomingMessage, callback) => {
        const allowed = isOriginAllowed(
          request.headers.origin,
          request.headers.host,
          this.config.CORS_ORIGINS,
        );
        callback(allowed ? null : 'Origin not allowed', allowed);
      },
    } as ServerOptions);
    coalesceWrites(server.engine);
    dropSlowConsumers(server.engine, MAX_PENDING_OUTPUT, (conn, pending) =>
      this.redisLogger.warn(`Socket ${conn.id} stopped reading (${pending} pending): closed`),
    );
    if (this.config.REDIS_URL) {
      const pub = this.connect(this.config.REDIS_URL);
      const sub = this.connect(this.config.REDIS_URL);
      server.adapter(createAdapter(pub, sub, { key: `${this.config.REDIS_KEY_PREFIX}socket.io` }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.allSettled(
      this.redisClients.filter((client) => client.isOpen).map((client) => client.quit()),
    );
  }

  /**
   * A client that is connecting: the adapter subscribes at once, and the `redis` client
   * queues commands from the moment `connect()` is called.
   */
  private connect(url: string): RedisClient {
    const client = createRedisClient(url);
    client.on('error', (error: Error) =>
      this.redisLogger.warn(`Redis (socket.io): ${error.message}`),
    );
    client.connect().catch((error: unknown) => {
      this.redisLogger.error(`Redis (socket.io) did not connect: ${String(error)}`);
    });
    this.catchFireAndForgetPublishes(client);
    this.redisClients.push(client);
    return client;
  }

  /**
   * The adapter publishes every broadcast without awaiting it, and the `redis` client fails
   * a command queued while disconnected after its 5 s timeout: during a longer Redis outage
   * that rejection went unhandled and ended the process. A broadcast that could not cross
   * to other processes is logged (their clients catch up with `afterSeq`); callers that
   * await `publish` still see the failure.
   */
  private catchFireAndForgetPublishes(client: RedisClient): void {
    const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
    Object.assign(client, {
      publish: (...args: unknown[]): Promise<number> => {
        const published = publish(...args);
        published.catch((error: Error) =>
          this.redisLogger.warn(
            `Redis (socket.io): a broadcast did not cross: ${error.name} ${error.message}`,
          ),
        );
        return published;
      },
    });
  }
}

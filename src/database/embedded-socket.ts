import { chmodSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/** Request codes of the length-prefixed messages a client may send before its startup message. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** Message types that end a group: Sync and simple Query. Terminate closes the connection. */
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FLUSH = 0x48; // 'H'
const TERMINATE = 0x58; // 'X'

export type Endpoint = { host: string; port: number } | { path: string };

/**
 * A small wire-protocol multiplexer in front of one PGlite: the embedded database served to
 * several connections (TCP on 127.0.0.1 and a unix socket in `DATA_DIR`) without letting
 * them step on each other.
 *
 * PGlite is a single backend with one session: the unnamed prepared statement and portal,
 * the transaction state and `SET`s are shared. pglite-socket queues each protocol message
 * on its own, so two connections' Parse/Bind/Describe/Execute/Sync sequences interleave
 * and overwrite each other's unnamed statement. Here a connection's messages are buffered
 * until the end of a group (Sync or simple Query) and the whole group runs under one
 * mutex. A connection that leaves a transaction open keeps the mutex until a later group
 * ends outside a transaction; others wait. A connection that goes away while owning a
 * transaction has it rolled back.
 */
export class EmbeddedSocketServer {
  private readonly servers: Server[] = [];
  private readonly connections = new Set<Connection>();
  private readonly mutex = new OwnedMutex();
  private stopped = false;

  constructor(private readonly db: PGlite) {}

  /** Listens on a TCP port (port 0: any free one) or a unix socket path; returns the endpoint. */
  async listen(endpoint: Endpoint): Promise<Endpoint> {
    const server = createServer((socket) => this.accept(socket));
    if ('path' in endpoint) rmSync(endpoint.path, { force: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const ready = () => {
        server.off('error', reject);
        resolve();
      };
      if ('path' in endpoint) server.listen(endpoint.path, ready);
      else server.listen(endpoint.port, endpoint.host, ready);
    });
    this.servers.push(server);
    if ('path' in endpoint) {
      // The embedded server trusts every connection: only this user may reach it.
      chmodSync(endpoint.path, 0o600);
      return endpoint;
    }
    const address = server.address() as AddressInfo;
    return { host: endpoint.host, port: address.port };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const connection of this.connections) connection.socket.destroy();
    await Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    this.servers.length = 0;
    // Let connections that were mid-group finish their rollback before the database closes.
    await this.mutex.idle(2_000);
  }

  private accept(socket: Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new Connection(socket, this.db, this.mutex);
    this.connections.add(connection);
    socket.on('close', () => {
      this.connections.delete(connection);
      void connection.closed();
    });
    socket.on('error', () => socket.destroy());
  }
}

/**
 * A mutex that one connection can hold across several groups (its open transaction).
 * `acquire(owner)` returns at once when that owner already holds it.
 */
class OwnedMutex {
  private owner: Connection | null = null;
  private readonly waiting: { owner: Connection; grant: (granted: boolean) => void }[] = [];

  /** `false` when the owner was forgotten (it disconnected) before its turn came. */
  async acquire(owner: Connection): Promise<boolean> {
    if (this.owner === owner) return true;
    if (this.owner === null) {
      this.owner = owner;
      return true;
    }
    return new Promise<boolean>((grant) => this.waiting.push({ owner, grant }));
  }

  holds(owner: Connection): boolean {
    return this.owner === owner;
  }

  release(owner: Connection): void {
    if (this.owner !== owner) return;
    const next = this.waiting.shift();
    this.owner = next?.owner ?? null;
    next?.grant(true);
  }

  /** Drops a waiter that disconnected before its turn. */
  forget(owner: Connection): void {
    const index = this.waiting.findIndex((waiter) => waiter.owner === owner);
    if (index >= 0) this.waiting.splice(index, 1)[0].grant(false);
  }

  async idle(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.owner !== null && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private group: Buffer[] = [];
  /** Groups run one after another, in the order the client sent them. */
  private work: Promise<void> = Promise.resolve();
  private open = true;

  constructor(
    readonly socket: Socket,
    private readonly db: PGlite,
    private readonly mutex: OwnedMutex,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const message = this.started ? this.nextTyped() : this.nextUntyped();
      if (!message) return;
      if (!this.open) return;
    }
  }

  /** Before startup: SSLRequest, GSSENCRequest, CancelRequest or the startup message. */
  private nextUntyped(): boolean {
    if (this.buffer.length < 8) return false;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return false;
    const code = this.buffer.readInt32BE(4);
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write('N');
    } else if (code === CANCEL_REQUEST) {
      this.socket.destroy(); // Not supported; the request's connection just closes.
      this.open = false;
    } else if (code === PROTOCOL_3) {
      this.started = true;
      this.schedule([Buffer.from(message)], true);
    } else {
      this.socket.destroy();
      this.open = false;
    }
    return true;
  }

  /** After startup: type byte, then an int32 length that counts itself. */
  private nextTyped(): boolean {
    if (this.buffer.length < 5) return false;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return false;
    const type = this.buffer[0];
    // Copy: the group outlives the receive buffer it was cut from.
    const message = Buffer.from(this.buffer.subarray(0, length));
    this.buffer = this.buffer.subarray(length);
    if (type === TERMINATE) {
      this.group = [];
      this.open = false;
      this.socket.end();
      return true;
    }
    this.group.push(message);
    if (type === SYNC || type === QUERY) {
      this.schedule(this.group, true);
      this.group = [];
    } else if (type === FLUSH) {
      // The client waits for answers before its Sync: run what it sent, keep the mutex.
      this.schedule(this.group, false);
      this.group = [];
    }
    return true;
  }

  private schedule(messages: Buffer[], endsGroup: boolean): void {
    this.work = this.work.then(() => this.run(messages, endsGroup));
  }

  private async run(messages: Buffer[], endsGroup: boolean): Promise<void> {
    if (!this.open) return;
    if (!(await this.mutex.acquire(this))) return;
    // Gone while running earlier groups: `closed()` cleans up and releases.
    if (!this.open) return;
    try {
      const output: Uint8Array[] = [];
      await this.db.runExclusive(async () => {
        for (const message of messages) {
          await this.db.execProtocolRawStream(new Uint8Array(message), {
            onRawData: (data) => {
              if (data.length > 0) output.push(Buffer.from(data));
            },
          });
        }
      });
      if (this.socket.writable && output.length > 0) this.socket.write(Buffer.concat(output));
    } catch {
      this.socket.destroy();
      this.open = false;
    } finally {
      if (this.open && endsGroup && !this.db.isInTransaction()) this.mutex.release(this);
    }
  }

  /** The socket closed: undo an open transaction it owned and let the next one in. */
  async closed(): Promise<void> {
    this.open = false;
    this.mutex.forget(this);
    await this.work;
    if (!this.mutex.holds(this)) return;
    try {
      if (!this.db.closed) {
        await this.db.runExclusive(async () => {
          // End an unfinished extended-protocol sequence (a Flush without its Sync), then
          // undo an open transaction: the next connection finds a clean session.
          await this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined });
          if (this.db.isInTransaction()) {
            await this.db.execProtocolRawStream(simpleQuery('ROLLBACK'), {
              onRawData: () => undefined,
            });
          }
        });
      }
    } catch {
      // The database is closing; nothing left to clean.
    } finally {
      this.mutex.release(this);
    }
  }
}

const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** A simple-protocol Query message. */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = QUERY;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

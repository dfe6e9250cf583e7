import type { HistoryItem, MessageDto } from '../../src/modules/discussion/dto/message.dto';
import { catchUp, connectChat, openRooms, send, type ChatSocket } from './support/chat';
import {
  createFaultDatabase,
  REDIS_SERVER_URL,
  redisPrefix,
  type FaultDatabase,
} from './support/database';
import { registerMembers, type TestMember } from './support/members';
import { report, sleep, startServer, type ServerProcess } from './support/server';

const CLIENTS = 20;
const MESSAGES_PER_CLIENT = 50;
/** The server is killed once this many messages are acknowledged. */
const KILL_AFTER_ACKS = 400;
const ACK_TIMEOUT_MS = 2_000;

/**
 * A chat client that keeps what it has seen of its room (by `seq`) and, on every
 * (re)connection, joins again with `afterSeq` = the end of its gapless prefix.
 */
class ChatMember {
  readonly held = new Map<number, HistoryItem>();
  readonly acked: MessageDto[] = [];
  /** `clientMsgId`s whose ack never came (the crash), then retried. */
  readonly unanswered = new Set<string>();
  sent = 0;
  attempts = 0;
  refusals = 0;
  timeouts = 0;
  reconnections = 0;
  private ready: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: ChatSocket,
    readonly roomId: string,
    readonly index: number,
  ) {
    socket.on('message:new', (message) => {
      if (message.roomId === roomId) this.held.set(message.seq, message);
    });
    socket.on('connect', () => {
      this.reconnections++;
      this.rejoin();
    });
  }

  /** The last `seq` before the first one this client misses. */
  contiguous(): number {
    let seq = 0;
    while (this.held.has(seq + 1)) seq++;
    return seq;
  }

  rejoin(): void {
    this.ready = catchUp(this.socket, this.roomId, this.contiguous()).then((items) => {
      for (const item of items) this.held.set(item.seq, item);
    });
  }

  /** Sends every message, retrying each `clientMsgId` until it is acknowledged. */
  async run(): Promise<void> {
    for (let k = 0; k < MESSAGES_PER_CLIENT; k++) {
      const clientMsgId = `crash-${this.index}-${k}`;
      this.sent++;
      for (;;) {
        if (!this.socket.connected) {
          await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()));
        }
        try {
          await this.ready;
        } catch {
          await sleep(100);
          if (this.socket.connected) this.rejoin();
          continue;
        }
        this.attempts++;
        try {
          const ack = await send(
            this.socket,
            { roomId: this.roomId, clientMsgId, body: `消息 ${this.index}/${k}` },
            ACK_TIMEOUT_MS,
          );
          if (ack.ok) {
            this.acked.push(ack.message);
            break;
          }
          this.refusals++;
        } catch {
          this.timeouts++;
          this.unanswered.add(clientMsgId);
        }
        await sleep(100);
      }
    }
  }

  /** Catches up with `afterSeq` once more; the full list it then holds. */
  async finalList(): Promise<HistoryItem[]> {
    await this.ready;
    for (const item of await catchUp(this.socket, this.roomId, this.contiguous())) {
      this.held.set(item.seq, item);
    }
    return [...this.held.values()].sort((a, b) => a.seq - b.seq);
  }
}

describe('Fault: crash during chat', () => {
  let db: FaultDatabase;
  let server: ServerProcess | undefined;
  let restarted: ServerProcess | undefined;
  const members: ChatMember[] = [];

  beforeAll(async () => {
    db = await createFaultDatabase();
  });

  afterAll(async () => {
    for (const member of members) member.socket.close();
    await server?.stop();
    await restarted?.stop();
    await db?.drop();
  });

  it('stores every acknowledged message exactly once, with gapless seq, and clients catch up to the full list', async () => {
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_SERVER_URL,
      REDIS_KEY_PREFIX: redisPrefix(),
    };
    const first = await startServer(env);
    server = first;
    const accounts: TestMember[] = await registerMembers(first.url, 'crash', CLIENTS);
    await db.pool.query(
      `INSERT INTO rooms (slug, name, kind) VALUES ('crash-second', 'Second room', 'open')`,
    );
    const rooms = (await openRooms(first.url, accounts[0].accessToken)).slice(0, 2);
    expect(rooms).toHaveLength(2);
    for (const [i, account] of accounts.entries()) {
      const socket = await connectChat(first.url, account.accessToken, { reconnection: true });
      const member = new ChatMember(socket, rooms[i % 2].id, i);
      member.rejoin();
      members.push(member);
    }

    const running = Promise.all(members.map((member) => member.run()));
    const ackedSoFar = (): number => members.reduce((n, m) => n + m.acked.length, 0);
    while (ackedSoFar() < KILL_AFTER_ACKS) await sleep(5);
    first.child.kill('SIGKILL');
    await first.exited;
    const ackedAtKill = ackedSoFar();
    await sleep(500);
    const restartAt = new Date();
    restarted = await startServer(env, { port: first.port });
    await running;

    const lists = await Promise.all(members.map((member) => member.finalList()));
    const { rows } = await db.pool.query<{
      id: string;
      room_id: string;
      seq: number;
      author_id: string;
      client_msg_id: string;
      created_at: Date;
    }>(
      'SELECT id, room_id, seq, author_id, client_msg_id, created_at FROM messages ORDER BY room_id, seq',
    );
    const unanswered = new Set(members.flatMap((member) => [...member.unanswered]));
    const acked = members.flatMap((member) => member.acked);
    const figures = {
      clients: CLIENTS,
      sent: members.reduce((n, m) => n + m.sent, 0),
      attempts: members.reduce((n, m) => n + m.attempts, 0),
      acked: acked.length,
      ackedAtKill,
      stored: rows.length,
      refusedAcks: members.reduce((n, m) => n + m.refusals, 0),
      timedOutAcks: members.reduce((n, m) => n + m.timeouts, 0),
      /** Unanswered before the crash yet stored then: their retry got the stored message. */
      storedBeforeCrashThenRetried: rows.filter(
        (row) => unanswered.has(row.client_msg_id) && row.created_at < restartAt,
      ).length,
    };
    report('crash-during-chat', figures);

    expect(figures.sent).toBe(CLIENTS * MESSAGES_PER_CLIENT);
    expect(figures.acked).toBe(CLIENTS * MESSAGES_PER_CLIENT);
    // Every acknowledged message is stored once, as acknowledged.
    const stored = new Map(rows.map((row) => [row.id, row]));
    expect(acked.filter((m) => stored.get(m.id)?.seq !== m.seq)).toEqual([]);
    const keys = rows.map((row) => `${row.author_id}/${row.client_msg_id}`);
    expect(new Set(keys).size).toBe(rows.length);
    expect(rows).toHaveLength(acked.length);
    // Each room's seq runs 1..n without gaps or repeats, and ends at the room's counter.
    for (const room of rooms) {
      const seqs = rows.filter((row) => row.room_id === room.id).map((row) => row.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const { rows: counter } = await db.pool.query<{ last_seq: number }>(
        'SELECT last_seq FROM rooms WHERE id = $1',
        [room.id],
      );
      expect(counter[0].last_seq).toBe(seqs.length);
    }
    // Every client, catching up with afterSeq, holds its room's full list.
    for (const [i, list] of lists.entries()) {
      const expected = rows.filter((row) => row.room_id === members[i].roomId);
      expect(list.map((item) => `${item.seq}:${item.id}`)).toEqual(
        expected.map((row) => `${row.seq}:${row.id}`),
      );
    }
  });
});

import { randomBytes } from 'node:crypto';
import type { HistoryItem, MessageDto } from '../../src/modules/discussion/dto/message.dto';
import { catchUp, connectChat, openRooms, send, type ChatSocket } from './support/chat';
import {
  createFaultDatabase,
  redisEndpoint,
  redisPrefix,
  type FaultDatabase,
} from './support/database';
import { timedFetch } from './support/http-load';
import { registerMembers } from './support/members';
import { report, sleep, startServer, type ServerProcess } from './support/server';
import { TcpProxy } from './support/tcp-proxy';

const OUTAGE_MS = 8_000;
const MESSAGES_PER_SENDER = 10;

/** A client that records what its room delivers live and can catch up with `afterSeq`. */
class Listener {
  readonly live = new Map<number, MessageDto>();
  readonly held = new Map<number, HistoryItem>();

  constructor(
    readonly socket: ChatSocket,
    readonly roomId: string,
  ) {
    socket.on('message:new', (message) => {
      if (message.roomId !== roomId) return;
      this.live.set(message.seq, message);
      this.held.set(message.seq, message);
    });
  }

  hasLive(id: string): boolean {
    return [...this.live.values()].some((message) => message.id === id);
  }

  async waitFor(id: string, withinMs: number): Promise<boolean> {
    const until = Date.now() + withinMs;
    while (Date.now() < until) {
      if (this.hasLive(id)) return true;
      await sleep(20);
    }
    return false;
  }

  async catchUp(): Promise<HistoryItem[]> {
    let seq = 0;
    while (this.held.has(seq + 1)) seq++;
    for (const item of await catchUp(this.socket, this.roomId, seq)) this.held.set(item.seq, item);
    return [...this.held.values()].sort((a, b) => a.seq - b.seq);
  }
}

describe('Fault: Redis outage with two processes', () => {
  let db: FaultDatabase;
  let proxy: TcpProxy;
  const servers: ServerProcess[] = [];
  const sockets: ChatSocket[] = [];

  beforeAll(async () => {
    db = await createFaultDatabase();
    const redis = redisEndpoint();
    proxy = new TcpProxy(redis.host, redis.port);
    await proxy.start();
  });

  afterAll(async () => {
    if (process.env.FAULT_DEBUG) {
      for (const server of servers)
        console.log(
          server
            .output()
            .split('\n')
            .filter((l) => !l.includes('ECONNREFUSED'))
            .join('\n'),
        );
    }
    for (const socket of sockets) socket.close();
    for (const server of servers) await server.stop();
    await proxy?.stop();
    await db?.drop();
  });

  it('keeps each process serving its own clients, resumes cross-process delivery when Redis returns, and catching up misses nothing', async () => {
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.listenPort}`,
      REDIS_KEY_PREFIX: redisPrefix(),
    };
    // One after the other: the first runs the migrations.
    servers.push(await startServer(env));
    servers.push(await startServer(env));
    const [a, b] = servers;
    const accounts = await registerMembers(a.url, 'redis', 4);
    const [room] = await openRooms(a.url, accounts[0].accessToken);
    const clients: Listener[] = [];
    let outageStart = Date.now();
    for (const [i, account] of accounts.entries()) {
      const socket = await connectChat(i < 2 ? a.url : b.url, account.accessToken);
      sockets.push(socket);
      const listener = new Listener(socket, room.id);
      await listener.catchUp();
      clients.push(listener);
    }
    const [a1, a2, b1, b2] = clients;
    const say = async (from: Listener, label: string): Promise<MessageDto> => {
      const ack = await send(from.socket, {
        roomId: room.id,
        clientMsgId: `${label}-${randomBytes(4).toString('hex')}`,
        body: label,
      }).catch((error: Error) => {
        throw new Error(`${label}: ${error.message} after ${Date.now() - outageStart} ms`);
      });
      if (!ack.ok) throw new Error(`message:send refused: ${ack.code}`);
      return ack.message;
    };

    // Redis up: a message sent on A reaches B's clients.
    const before = await say(a1, 'before');
    expect(await b2.waitFor(before.id, 5_000)).toBe(true);

    // Outage: each process acknowledges and delivers to its own clients.
    await proxy.stop();
    outageStart = Date.now();
    const duringA: MessageDto[] = [];
    const duringB: MessageDto[] = [];
    const health: number[] = [];
    for (let i = 0; i < MESSAGES_PER_SENDER; i++) {
      duringA.push(await say(a1, `outage-a-${i}`));
      duringB.push(await say(b1, `outage-b-${i}`));
      health.push((await timedFetch(`${a.url}/api/health`, { timeoutMs: 10_000 })).status);
      health.push((await timedFetch(`${b.url}/api/health`, { timeoutMs: 10_000 })).status);
      await sleep(OUTAGE_MS / MESSAGES_PER_SENDER / 2);
    }
    const localA = await Promise.all(duringA.map((m) => a2.waitFor(m.id, 5_000)));
    const localB = await Promise.all(duringB.map((m) => b2.waitFor(m.id, 5_000)));
    const crossDuring = duringA.filter((m) => b2.hasLive(m.id)).length;
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));

    // Redis returns: cross-process delivery resumes, both ways.
    await proxy.start();
    const outageEnd = Date.now();
    let resumedAt = 0;
    while (Date.now() - outageEnd < 30_000) {
      const probeA = await say(a1, 'probe-a');
      const probeB = await say(b1, 'probe-b');
      if ((await b2.waitFor(probeA.id, 1_000)) && (await a2.waitFor(probeB.id, 1_000))) {
        resumedAt = Date.now();
        break;
      }
    }

    // Catching up with afterSeq, every client holds the room's full list.
    const { rows } = await db.pool.query<{ id: string; seq: number }>(
      'SELECT id, seq FROM messages WHERE room_id = $1 ORDER BY seq',
      [room.id],
    );
    const lists = await Promise.all(clients.map((client) => client.catchUp()));
    report('redis-outage', {
      processes: 2,
      outageMs: outageEnd - outageStart,
      sentDuringOutage: duringA.length + duringB.length,
      deliveredLocallyDuringOutage: [...localA, ...localB].filter(Boolean).length,
      crossProcessDuringOutage: crossDuring,
      healthDuringOutage: health,
      crossProcessResumedAfterMs: resumedAt ? resumedAt - outageEnd : null,
      stored: rows.length,
    });

    expect(servers.map((server) => server.child.exitCode)).toEqual([null, null]);
    expect(localA.every(Boolean) && localB.every(Boolean)).toBe(true);
    expect(resumedAt).toBeGreaterThan(0);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    for (const list of lists) {
      expect(list.map((item) => `${item.seq}:${item.id}`)).toEqual(
        rows.map((row) => `${row.seq}:${row.id}`),
      );
    }
  });
});

// `npm run bench:fanout`: chat fan-out. Starts the built server on a fresh PostgreSQL
// database, connects BENCH_CLIENTS Socket.IO clients (spread over BENCH_CLIENT_PROCS
// processes) to the `general` room, measures the server's RSS with them idle, then a
// sender posts BENCH_RATE messages per second for BENCH_SECONDS seconds. Reports the
// delivery latency (send → message:new at each client) p50/p99/max and the reach
// (messages received ÷ messages accepted × receivers).
//
// Members and sessions are inserted with SQL and their access tokens signed with the
// JWT_SECRET the server is given. The sender's flood limit is raised for the run
// (CHAT_BURST/CHAT_PER_SECOND), since 20 messages per second is above a member's default.
//
// Environment: BENCH_PG_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_CLIENTS (1000), BENCH_CLIENT_PROCS (4), BENCH_RATE (20), BENCH_SECONDS (30;
// `--short` makes it 10), BENCH_KEEP_DB=1 to keep the database. Loopback only.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism as os_cores, loadavg } from 'node:os';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io } from 'socket.io-client';
import { ensureBuilt, freshDatabase, memoryOf, percentile, startServer } from './lib.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 4);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = process.argv.includes('--short') ? 10 : Number(process.env.BENCH_SECONDS ?? 30);

/** CPU seconds a process has used so far (user + system). */
function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** An HS256 JWT `{sub, sid}`, as the server signs them. */
function sign(secret, sub, sid) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, sid, iat: now, exp: now + 3600 })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function connectClient(url, token) {
  const socket = io(`${url}/discussion`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

// ---------------------------------------------------------------- client process
async function worker() {
  const sockets = [];
  const latencies = [];
  let received = 0;
  process.on('message', async (command) => {
    if (command.type === 'connect') {
      const { url, roomId, tokens } = command;
      for (let i = 0; i < tokens.length; i += 50) {
        const batch = await Promise.all(tokens.slice(i, i + 50).map((t) => connectClient(url, t)));
        for (const socket of batch) {
          socket.on('message:new', (message) => {
            received += 1;
            latencies.push(Date.now() - Number(message.body.split(' ')[0]));
          });
        }
        const acks = await Promise.all(
          batch.map((socket) => socket.timeout(30_000).emitWithAck('room:join', { roomId })),
        );
        if (acks.some((ack) => !ack.ok)) throw new Error('room:join refused');
        sockets.push(...batch);
      }
      process.send({ type: 'connected', count: sockets.length });
    } else if (command.type === 'report') {
      process.send({ type: 'report', received, latencies });
    } else if (command.type === 'close') {
      for (const socket of sockets) socket.close();
      process.exit(0);
    }
  });
}

function ask(child, command, answer) {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    const listener = (message) => {
      if (message.type === answer) {
        child.off('message', listener);
        resolve(message);
      }
    };
    child.on('message', listener);
    child.send(command);
  });
}

// ---------------------------------------------------------------- conductor
async function main() {
  ensureBuilt();
  const database = await freshDatabase(`laogao_bench_fanout_${process.pid}`);
  const secret = randomBytes(32).toString('hex');
  const server = await startServer({
    DATABASE_URL: database.url,
    JWT_SECRET: secret,
    DATA_DIR: `/tmp/laogao-bench-fanout-${process.pid}`,
    CHAT_BURST: String(RATE * 2),
    CHAT_PER_SECOND: String(RATE * 2),
    REDIS_URL: '',
  });
  const children = [];
  let sender;
  try {
    console.log(`server up in ${server.startMs} ms (pid ${server.pid}) at ${server.url}`);
    const idleBefore = memoryOf(server.pid);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const ids = Array.from({ length: CLIENTS + 1 }, () => randomUUID());
    const sessions = ids.map(() => randomUUID());
    await db.query(
      `INSERT INTO members (id, email, display_name)
       SELECT id, 'fanout-' || n || '@example.com', 'Listener ' || n
       FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n)`,
      [ids],
    );
    await db.query(
      `INSERT INTO auth_sessions (id, member_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
      [sessions, ids],
    );
    const [{ id: roomId }] = (await db.query(`SELECT id FROM rooms WHERE slug = 'general'`)).rows;
    await db.end();
    const tokens = ids.map((id, i) => sign(secret, id, sessions[i]));

    const connectStarted = Date.now();
    const script = fileURLToPath(import.meta.url);
    for (let p = 0; p < PROCS; p += 1) children.push(fork(script, ['--worker']));
    const share = Math.ceil(CLIENTS / PROCS);
    await Promise.all(
      children.map((child, p) =>
        ask(
          child,
          {
            type: 'connect',
            url: server.url,
            roomId,
            tokens: tokens.slice(1 + p * share, 1 + Math.min(CLIENTS, (p + 1) * share)),
          },
          'connected',
        ),
      ),
    );
    const connectMs = Date.now() - connectStarted;
    await sleep(5_000); // presence broadcasts settle, the sockets are idle
    const idle = memoryOf(server.pid);

    sender = await connectClient(server.url, tokens[0]);
    const joinAck = await sender.emitWithAck('room:join', { roomId });
    if (!joinAck.ok) throw new Error(`sender could not join: ${joinAck.code}`);
    let accepted = 0;
    let refused = 0;
    const pending = [];
    const total = RATE * SECONDS;
    const sendStarted = Date.now();
    const cpuBefore = cpuSecondsOf(server.pid);
    for (let i = 0; i < total; i += 1) {
      const due = sendStarted + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      pending.push(
        sender
          .timeout(30_000)
          .emitWithAck('message:send', {
            roomId,
            clientMsgId: randomUUID(),
            body: `${Date.now()} fan-out message ${i}`,
          })
          .then((ack) => (ack.ok ? (accepted += 1) : (refused += 1)))
          .catch(() => (refused += 1)),
      );
    }
    await Promise.all(pending);
    const sendMs = Date.now() - sendStarted;
    const serverCpuWhileSending = (cpuSecondsOf(server.pid) - cpuBefore) / (sendMs / 1000);
    await sleep(5_000); // let the last deliveries arrive
    const busy = memoryOf(server.pid);

    const reports = await Promise.all(
      children.map((child) => ask(child, { type: 'report' }, 'report')),
    );
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const received = reports.reduce((sum, r) => sum + r.received, 0);
    const expected = accepted * CLIENTS;

    const result = {
      machine: { cores: os_cores(), loadAverage1mAtEnd: Number(loadavg()[0].toFixed(2)) },
      clients: CLIENTS,
      clientProcesses: PROCS,
      connectAndJoinMs: connectMs,
      serverRssMb: {
        beforeClients: Number(idleBefore.rssMb.toFixed(1)),
        withIdleSockets: Number(idle.rssMb.toFixed(1)),
        afterSending: Number(busy.rssMb.toFixed(1)),
        peak: Number(busy.peakMb.toFixed(1)),
      },
      serverCpuCoresWhileSending: Number(serverCpuWhileSending.toFixed(2)),
      sender: { ratePerSecond: RATE, seconds: SECONDS, sent: total, accepted, refused, sendMs },
      delivery: {
        expected,
        received,
        reach: Number((received / expected).toFixed(4)),
        latencyMs: {
          p50: percentile(latencies, 50),
          p90: percentile(latencies, 90),
          p99: percentile(latencies, 99),
          max: latencies[latencies.length - 1],
        },
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    sender?.close();
    for (const child of children) child.connected && child.send({ type: 'close' });
    await server.stop();
    if (!process.env.BENCH_KEEP_DB) await database.drop();
  }
}

if (process.argv.includes('--worker')) {
  await worker();
} else {
  await main();
}

// A Socket.IO client process forked by bench/run.mjs (several of them, so the clients are
// not the bottleneck of one event loop). Its sockets are `LightSocket`s (light-socket.mjs),
// not socket.io-client: the load generator must cost less than the server it measures.
// Commands arrive by IPC:
//   connect {url, tokens, roomId?, roomIds?}  open one socket per token (50 at a time) and
//                                    join roomId (or roomIds[i] for tokens[i])
//   reset                            forget what was received so far
//   report                           {received, latencies} of `message:new` (ms from the
//                                    send time in the body's first word)
//   chat {seconds, perSecond}        every socket sends `perSecond` messages a second
//                                    to its room with an ack; answers {sent, ok, failed, latencies}
//   close                            close the sockets and exit
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectLight } from './light-socket.mjs';

const sockets = [];
let received = 0;
let latencies = [];

const onMessageNew = (sentAtMs) => {
  received += 1;
  latencies.push(Date.now() - sentAtMs);
};

async function connectAll({ url, tokens, roomId, roomIds }) {
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = await Promise.all(
      tokens.slice(i, i + 50).map((t) => connectLight(url, t, onMessageNew)),
    );
    batch.forEach((socket, k) => (socket.roomId = roomIds?.[i + k] ?? roomId));
    if (roomId || roomIds) {
      const acks = await Promise.all(
        batch.map((socket) => socket.emitWithAck('room:join', { roomId: socket.roomId }, 60_000)),
      );
      const refused = acks.find((ack) => !ack.ok);
      if (refused) throw new Error(`room:join refused: ${refused.code}`);
    }
    sockets.push(...batch);
  }
  return sockets.length;
}

async function chat({ seconds, perSecond }) {
  const ackLatencies = [];
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const interval = 1000 / perSecond;
  const started = Date.now() + 100;
  const pending = sockets.map(async (socket, n) => {
    // Spread the senders evenly over the interval.
    let due = started + (n / sockets.length) * interval;
    while (due < started + seconds * 1000) {
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const t0 = performance.now();
      sent += 1;
      socket
        .emitWithAck(
          'message:send',
          {
            roomId: socket.roomId,
            clientMsgId: randomUUID(),
            body: `${Date.now()} chat message from socket ${n}`,
          },
          10_000,
        )
        .then((ack) => {
          ackLatencies.push(performance.now() - t0);
          if (ack.ok) ok += 1;
          else failed += 1;
        })
        .catch(() => (failed += 1));
      due += interval;
    }
  });
  await Promise.all(pending);
  await sleep(3_000); // the last acks
  return { sent, ok, failed, latencies: ackLatencies };
}

process.on('message', async (command) => {
  try {
    if (command.type === 'connect') {
      process.send({ type: 'connected', count: await connectAll(command) });
    } else if (command.type === 'reset') {
      received = 0;
      latencies = [];
      process.send({ type: 'reset' });
    } else if (command.type === 'report') {
      process.send({ type: 'report', received, latencies });
    } else if (command.type === 'chat') {
      process.send({ type: 'chat', ...(await chat(command)) });
    } else if (command.type === 'close') {
      for (const socket of sockets) socket.close();
      process.exit(0);
    }
  } catch (error) {
    process.send({ type: 'error', message: String(error?.message ?? error) });
  }
});

// The floor for fan-out: a bare Socket.IO server (same version and transport options as
// the server: WebSocket only, 64 KB frames) on the `/discussion` namespace. `room:join`
// joins, `message:send` answers the same message shape and broadcasts it to the room.
// Nothing is checked or stored. Run by bench/run.mjs with PORT.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024 });
const nsp = io.of('/discussion');
const seqs = new Map();
nsp.on('connection', (socket) => {
  const memberId = randomUUID();
  socket.on('room:join', ({ roomId }, ack) => {
    socket.join(`room:${roomId}`);
    ack({ ok: true, room: { id: roomId }, messages: [], hasMore: false });
  });
  socket.on('message:send', ({ roomId, clientMsgId, body }, ack) => {
    const seq = (seqs.get(roomId) ?? 0) + 1;
    seqs.set(roomId, seq);
    const message = {
      id: randomUUID(),
      roomId,
      seq,
      clientMsgId,
      body,
      author: { id: memberId, displayName: 'Sender' },
      createdAt: new Date().toISOString(),
    };
    nsp.to(`room:${roomId}`).emit('message:new', message);
    ack({ ok: true, message });
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'ready' }));
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});

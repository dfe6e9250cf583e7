// A Socket.IO client for the load generator, a few times cheaper per received message than
// socket.io-client: `ws` plus the few packets of the Engine.IO v4 / Socket.IO v5 protocol
// the benchmark needs (namespace connect with `auth`, ping → pong, emit with an ack, and
// events). Received `message:new` frames are not parsed: the send time is read from the
// body's first word in the raw bytes. With socket.io-client the receiving clients used more
// CPU than the server they measured (≈ 21 µs against ≈ 16 µs per delivered message), so on
// two cores the client side saturated first and every server looked alike.
//
// Packets (text frames): `0{…}` open, `2` ping / `3` pong, `40/nsp,{auth}` connect (answered
// by `40/nsp,{sid}` or `44/nsp,{message}`), `42/nsp,[id]["event",payload]` event,
// `43/nsp,id[answer]` ack.
import { createRequire } from 'node:module';

// `ws` as the server's engine.io resolves it (not a dependency of the project itself).
const require = createRequire(import.meta.url);
const WebSocket = createRequire(require.resolve('engine.io'))('ws');

const NSP = '/discussion';
const CONNECTED = Buffer.from(`40${NSP},`);
const REFUSED = Buffer.from(`44${NSP},`);
const EVENT = Buffer.from(`42${NSP},`);
const ACK = Buffer.from(`43${NSP},`);
const MESSAGE_NEW = Buffer.from(`42${NSP},["message:new",`);
const BODY = Buffer.from('"body":"');

const startsWith = (data, prefix) =>
  data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

/** The number the body starts with (the sender's `Date.now()`), read from the raw frame. */
function sentAt(data) {
  let i = data.indexOf(BODY, MESSAGE_NEW.length);
  if (i < 0) return NaN;
  i += BODY.length;
  let n = 0;
  for (let c = data[i]; c >= 0x30 && c <= 0x39; c = data[++i]) n = n * 10 + (c - 0x30);
  return n;
}

export class LightSocket {
  /** @param {(sentAtMs: number) => void} onMessageNew called per `message:new` received */
  constructor(url, token, onMessageNew) {
    this.token = token;
    this.onMessageNew = onMessageNew;
    this.acks = new Map();
    this.nextId = 0;
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.connected = new Promise((resolve, reject) => {
      this.resolveConnected = resolve;
      this.rejectConnected = reject;
    });
    this.ws.on('message', (data) => this.onFrame(data));
    this.ws.on('error', (error) => this.rejectConnected(error));
    this.ws.on('close', () => {
      this.rejectConnected(new Error('closed before connecting'));
      for (const { reject, timer } of this.acks.values()) {
        clearTimeout(timer);
        reject(new Error('closed'));
      }
      this.acks.clear();
    });
  }

  onFrame(data) {
    const type = data[0];
    if (type === 0x34 /* 4: a Socket.IO packet */) {
      if (startsWith(data, MESSAGE_NEW)) this.onMessageNew(sentAt(data));
      else if (startsWith(data, ACK)) this.onAck(data);
      else if (startsWith(data, EVENT))
        return; // presence, typing
      else if (startsWith(data, CONNECTED)) this.resolveConnected(this);
      else if (startsWith(data, REFUSED)) {
        this.rejectConnected(new Error(JSON.parse(data.subarray(REFUSED.length)).message));
        this.ws.close();
      }
    } else if (type === 0x32 /* 2: ping */) {
      this.ws.send('3');
    } else if (type === 0x30 /* 0: open */) {
      this.ws.send(`40${NSP},${JSON.stringify({ token: this.token })}`);
    }
  }

  onAck(data) {
    let i = ACK.length;
    let id = 0;
    for (let c = data[i]; c >= 0x30 && c <= 0x39; c = data[++i]) id = id * 10 + (c - 0x30);
    const pending = this.acks.get(id);
    if (!pending) return;
    this.acks.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(JSON.parse(data.subarray(i))[0]);
  }

  /** Emits `event` with `payload`; resolves with the server's answer, rejects after `timeoutMs`. */
  emitWithAck(event, payload, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`no ack for ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(id, { resolve, reject, timer });
      this.ws.send(`42${NSP},${id}${JSON.stringify([event, payload])}`);
    });
  }

  close() {
    for (const { timer } of this.acks.values()) clearTimeout(timer);
    this.ws.close();
  }
}

/** A connected socket (the namespace's `connect` answered), or the refusal as an error. */
export function connectLight(url, token, onMessageNew) {
  return new LightSocket(url, token, onMessageNew).connected;
}

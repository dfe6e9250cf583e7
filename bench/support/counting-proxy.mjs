// A TCP proxy in front of PostgreSQL that counts the statements a client sends:
// simple-protocol `Q` and extended-protocol `P` (Parse) messages. With `capture`, it also
// keeps their SQL text and the values bound to them (text-format `B` messages, as `pg`
// sends them), for reading what the server runs and running it again. Loopback only.
import { connect, createServer } from 'node:net';

/** Starts the proxy in front of `target` ({host, port}); `read()` is the statement count. */
export async function countingProxy(target, { capture = false } = {}) {
  let statements = 0;
  const captured = [];
  const server = createServer((clientSocket) => {
    const upstream = connect(target.port, target.host);
    let buffered = Buffer.alloc(0);
    let startupDone = false;
    clientSocket.on('data', (chunk) => {
      upstream.write(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!startupDone) {
          if (buffered.length < 4) break;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) break;
          buffered = buffered.subarray(length);
          startupDone = true;
          continue;
        }
        if (buffered.length < 5) break;
        const length = buffered.readInt32BE(1);
        if (buffered.length < 1 + length) break;
        const type = String.fromCharCode(buffered[0]);
        if (type === 'Q' || type === 'P') {
          statements++;
          if (capture) {
            const body = buffered.subarray(5, 1 + length);
            // P: statement name \0 query \0 ...; Q: query \0
            const text =
              type === 'Q'
                ? body.subarray(0, body.indexOf(0)).toString()
                : body
                    .subarray(body.indexOf(0) + 1, body.indexOf(0, body.indexOf(0) + 1))
                    .toString();
            captured.push({ sql: text, params: [] });
          }
        } else if (type === 'B' && capture && captured.length > 0) {
          captured.at(-1).params = bindValues(buffered.subarray(5, 1 + length));
        }
        buffered = buffered.subarray(1 + length);
      }
    });
    upstream.on('data', (chunk) => clientSocket.write(chunk));
    const close = () => {
      clientSocket.destroy();
      upstream.destroy();
    };
    clientSocket.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    read: () => statements,
    /** The SQL captured since the last call (needs `capture`). */
    take: () => captured.splice(0).map((statement) => statement.sql),
    /** The statements captured since the last call, `{sql, params}` (needs `capture`). */
    takeStatements: () => captured.splice(0),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * The parameter values of a Bind message: portal \0, statement \0, the format codes, then
 * each value (length, bytes; -1 is NULL). Text format, as `pg` sends them.
 */
function bindValues(body) {
  let at = body.indexOf(0) + 1;
  at = body.indexOf(0, at) + 1;
  at += 2 + 2 * body.readInt16BE(at);
  const count = body.readInt16BE(at);
  at += 2;
  const values = [];
  for (let i = 0; i < count; i++) {
    const size = body.readInt32BE(at);
    at += 4;
    values.push(size < 0 ? null : body.subarray(at, at + size).toString());
    if (size > 0) at += size;
  }
  return values;
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url, proxy) {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}

import { coalesceWrites, isOriginAllowed, type EngineConnection } from './socket-io.adapter';

describe('isOriginAllowed', () => {
  it('lets a handshake without an Origin header pass (native clients)', () => {
    expect(isOriginAllowed(undefined, 'circle.example', [])).toBe(true);
  });

  it('allows the server’s own origin by default, whatever the scheme behind a proxy', () => {
    expect(isOriginAllowed('http://localhost:3000', 'localhost:3000', [])).toBe(true);
    expect(isOriginAllowed('https://circle.example', 'circle.example', [])).toBe(true);
  });

  it('refuses another origin, another port, and garbage', () => {
    expect(isOriginAllowed('https://evil.example', 'circle.example', [])).toBe(false);
    expect(isOriginAllowed('http://localhost:3001', 'localhost:3000', [])).toBe(false);
    expect(isOriginAllowed('null', 'circle.example', [])).toBe(false);
    expect(isOriginAllowed('file://circle.example', 'circle.example', [])).toBe(false);
    expect(isOriginAllowed('https://circle.example', undefined, [])).toBe(false);
  });

  it('allows the origins of CORS_ORIGINS, exactly', () => {
    const allowed = ['https://app.circle.example'];
    expect(isOriginAllowed('https://app.circle.example', 'api.circle.example', allowed)).toBe(true);
    expect(isOriginAllowed('https://app.circle.example.evil', 'api.circle.example', allowed)).toBe(
      false,
    );
  });
});

describe('coalesceWrites', () => {
  /** An engine.io socket whose flush empties its buffer, and a log of what happened. */
  function fakeConnection(log: string[]) {
    const conn = {
      id: 'conn',
      writeBuffer: [] as unknown[],
      flush(): void {
        log.push(`flush ${conn.writeBuffer.length}`);
        conn.writeBuffer = [];
      },
      transport: {
        socket: { _socket: { cork: () => log.push('cork'), uncork: () => log.push('uncork') } },
      },
      on: () => undefined,
    };
    return conn;
  }
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  function setUp(log: string[]) {
    let onConnection: (conn: EngineConnection) => void = () => undefined;
    coalesceWrites({ on: (_event, listener) => (onConnection = listener) });
    const conn = fakeConnection(log);
    onConnection(conn);
    return conn;
  }

  it('writes a socket’s first packet of a turn at once, and the rest of the turn together, corked, at its end', async () => {
    const log: string[] = [];
    const conn = setUp(log);
    for (const packet of ['message 1', 'ack 1', 'message 2', 'message 3']) {
      conn.writeBuffer.push(packet);
      conn.flush();
    }
    expect(log).toEqual(['flush 1']);
    await nextTurn();
    expect(log).toEqual(['flush 1', 'cork', 'flush 3', 'uncork']);
  });

  it('writes at once again in the next turn, and nothing with nothing queued', async () => {
    const log: string[] = [];
    const conn = setUp(log);
    conn.flush();
    conn.writeBuffer.push('first');
    conn.flush();
    await nextTurn();
    expect(log).toEqual(['flush 1']);
    conn.writeBuffer.push('next turn');
    conn.flush();
    expect(log).toEqual(['flush 1', 'flush 1']);
    await nextTurn();
    expect(log).toEqual(['flush 1', 'flush 1']);
  });
});

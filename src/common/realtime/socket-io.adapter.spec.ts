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

  it('writes what one turn queued for a socket once, corked, at the end of the turn', async () => {
    const log: string[] = [];
    const conn = setUp(log);
    for (const packet of ['message 1', 'ack 1', 'message 2']) {
      conn.writeBuffer.push(packet);
      conn.flush();
    }
    expect(log).toEqual([]);
    await nextTurn();
    expect(log).toEqual(['cork', 'flush 3', 'uncork']);
  });

  it('flushes again in a later turn, and not at all with nothing queued', async () => {
    const log: string[] = [];
    const conn = setUp(log);
    conn.flush();
    await nextTurn();
    expect(log).toEqual([]);
    conn.writeBuffer.push('later');
    conn.flush();
    await nextTurn();
    expect(log).toEqual(['cork', 'flush 1', 'uncork']);
  });
});

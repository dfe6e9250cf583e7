import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { catchUp, connectChat, nextConnect, openRooms, type ChatSocket } from './support/chat';
import {
  createFaultDatabase,
  REDIS_SERVER_URL,
  redisPrefix,
  type FaultDatabase,
} from './support/database';
import { timedFetch } from './support/http-load';
import { registerMembers } from './support/members';
import { report, sleep, startServer, type ServerProcess } from './support/server';

/** What the test uses of an autocannon run (its typings do not resolve the emitter). */
interface LoadInstance {
  on(event: 'response', listener: (client: unknown, status: number) => void): void;
  stop(): void;
}

/** SIGTERM to exit, at most (the bound). */
const EXIT_WITHIN_MS = 10_000;

describe('Fault: graceful stop', () => {
  let db: FaultDatabase;
  let server: ServerProcess | undefined;
  let restarted: ServerProcess | undefined;
  const sockets: ChatSocket[] = [];
  const env = (): Record<string, string> => ({
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_SERVER_URL,
    REDIS_KEY_PREFIX: redisPrefix(),
  });

  beforeAll(async () => {
    db = await createFaultDatabase();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.stop();
    await restarted?.stop();
    await db?.drop();
  });

  it('finishes the requests in flight, answers no 5xx, tells sockets to reconnect and exits within 10 s', async () => {
    const first = await startServer(env());
    server = first;
    const members = await registerMembers(first.url, 'stop', 3);
    const [room] = await openRooms(first.url, members[0].accessToken);
    for (const member of members) {
      const socket = await connectChat(first.url, member.accessToken, { reconnection: true });
      await catchUp(socket, room.id);
      sockets.push(socket);
    }
    const reasons = sockets.map(
      (socket) =>
        new Promise<string>((done) => socket.once('disconnect', (reason) => done(reason))),
    );

    const statuses = new Map<number, number>();
    let load: LoadInstance | undefined;
    const loadDone = new Promise<autocannon.Result>((done, fail) => {
      const instance: unknown = autocannon(
        {
          url: `${first.url}/api/posts?limit=5`,
          connections: 16,
          duration: 30,
          headers: { Authorization: `Bearer ${members[0].accessToken}` },
        },
        (error: unknown, result) =>
          error
            ? fail(error instanceof Error ? error : new Error('autocannon failed'))
            : done(result),
      );
      load = instance as LoadInstance;
    });
    load?.on('response', (_client: unknown, status: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    await sleep(1_500);

    // Registrations hash a password first: they are surely in flight at the SIGTERM.
    const emails = Array.from(
      { length: 8 },
      () => `stop-${randomBytes(5).toString('hex')}@fault.test`,
    );
    const inFlight = emails.map((email) =>
      stamp(
        timedFetch(`${first.url}/api/auth/register`, {
          method: 'POST',
          timeoutMs: 20_000,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password: 'Fault-test-password-9', displayName: '在途' }),
        }),
      ),
    );
    // Long enough for the server to have read them, shorter than a password hash under load.
    await sleep(250);
    const sigtermAt = Date.now();
    first.child.kill('SIGTERM');
    const exit = await Promise.race([first.exited, sleep(EXIT_WITHIN_MS + 5_000).then(() => null)]);
    const exitMs = Date.now() - sigtermAt;
    if (!exit) first.child.kill('SIGKILL');
    const answers = await Promise.all(inFlight);
    load?.stop();
    const result = await loadDone;
    const disconnectReasons = await Promise.all(reasons);

    // The same clients reconnect by themselves to a new process on the same port.
    const reconnected = Promise.all(sockets.map((socket) => nextConnect(socket)));
    restarted = await startServer(env(), { port: first.port });
    await reconnected;
    for (const socket of sockets) await catchUp(socket, room.id);

    const count5xx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    report('graceful-stop', {
      loadRequests: result.requests.total,
      statuses: Object.fromEntries(statuses),
      loadErrors: result.errors,
      loadTimeouts: result.timeouts,
      inFlight: answers.length,
      inFlightStatuses: answers.map((a) => a.status),
      inFlightErrors: answers.flatMap((a) => (a.error ? [a.error] : [])),
      answeredAfterSigterm: answers.filter((a) => a.at > sigtermAt).length,
      exitMs,
      exit,
      disconnectReasons,
    });

    expect(exit).not.toBeNull();
    expect(exitMs).toBeLessThanOrEqual(EXIT_WITHIN_MS);
    expect(exit?.code === 0 || exit?.signal === 'SIGTERM').toBe(true);
    expect(count5xx).toBe(0);
    expect(answers.map((a) => a.status)).toEqual(emails.map(() => 201));
    const { rows } = await db.pool.query<{ email: string }>(
      `SELECT m.email FROM members m JOIN auth_sessions s ON s.member_id = m.id
       JOIN refresh_tokens t ON t.session_id = s.id WHERE m.email = ANY($1)`,
      [emails],
    );
    expect(rows.map((r) => r.email).sort()).toEqual([...emails].sort());
    // A disconnect the client recovers from on its own ("io server disconnect" would not be).
    expect(disconnectReasons.filter((reason) => reason === 'io server disconnect')).toEqual([]);
    expect(sockets.every((socket) => socket.connected)).toBe(true);
  });
});

/** The result with the time it arrived. */
async function stamp<T>(promise: Promise<T>): Promise<T & { at: number }> {
  const result = await promise;
  return { ...result, at: Date.now() };
}

import { TestSmtp } from '../support/test-smtp';
import {
  createFaultDatabase,
  REDIS_SERVER_URL,
  redisPrefix,
  type FaultDatabase,
} from './support/database';
import { timedFetch } from './support/http-load';
import { registerMembers, type TestMember } from './support/members';
import { freePort, report, sleep, startServer, type ServerProcess } from './support/server';

/** Lowered for the test (30 s by default): retries at 0.4 s, 0.8 s, 1.6 s… */
const MAIL_RETRY_MS = 400;
/** How long each phase of the mail server's absence lasts. */
const PHASE_MS = 3_000;
/** A mail's longest wait after the server is back: the doubled retry after ~4 phases, and slack. */
const DELIVERY_WITHIN_MS = 60_000;
/** The worker polls every 2 s: after this, a mail still to come would have come. */
const SETTLE_MS = 5_000;

interface OutboxRow {
  message_id: string;
  kind: string;
  to_address: string;
  status: string;
  attempts: number;
}

/**
 * The mail server goes away while members keep asking for password reset mail, in three
 * ways: not listening at all (connections refused), listening but greeting every
 * connection with `421`, then answering every recipient `451`. The server processes keep
 * answering `204` and keep the mail; once the mail server is back, every mail arrives
 * exactly once (counted by `Message-ID`) — with one server process, and with two sharing
 * one outbox on PostgreSQL.
 */
describe('Fault: the mail server refuses connections, then answers 4xx, then returns', () => {
  const smtp = new TestSmtp();
  let smtpPort: number;
  let db: FaultDatabase | undefined;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    smtpPort = await freePort();
    await smtp.start(smtpPort);
  });
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
    await db?.drop();
    db = undefined;
  });
  afterAll(() => smtp.stop());

  async function startServers(count: number): Promise<ServerProcess[]> {
    db = await createFaultDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_SERVER_URL,
      REDIS_KEY_PREFIX: redisPrefix(),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Laogao Circle <no-reply@fault.test>',
      PUBLIC_URL: 'https://circle.fault.test',
      MAIL_RETRY_MS: String(MAIL_RETRY_MS),
    };
    // One after the other: the first migrates the new database.
    for (let i = 0; i < count; i++) servers.push(await startServer(env));
    return servers;
  }

  async function outbox(): Promise<OutboxRow[]> {
    const { rows } = await (db as FaultDatabase).pool.query<OutboxRow>(
      'SELECT message_id, kind, to_address, status, attempts FROM mail_outbox',
    );
    return rows;
  }

  /** Waits until no mail is pending; fails after `withinMs`. */
  async function drained(withinMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      const pending = (await outbox()).filter((row) => row.status === 'pending');
      if (pending.length === 0) return Date.now() - started;
      if (Date.now() - started > withinMs) {
        throw new Error(`${pending.length} mails still pending after ${withinMs} ms`);
      }
      await sleep(200);
    }
  }

  /** Password reset requests for the members, round robin over the servers, until stopped. */
  function requestResets(on: ServerProcess[], members: TestMember[]) {
    const answers: { status: number; email: string }[] = [];
    let running = true;
    const done = (async () => {
      for (let i = 0; running; i++) {
        const member = members[i % members.length];
        const server = on[i % on.length];
        const res = await timedFetch(`${server.url}/api/auth/password-reset`, {
          method: 'POST',
          timeoutMs: 30_000,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: member.email }),
        });
        answers.push({ status: res.status, email: member.email });
        await sleep(50);
      }
    })();
    return {
      answers,
      async stop() {
        running = false;
        await done;
      },
    };
  }

  async function outage(processes: number): Promise<void> {
    const on = await startServers(processes);
    const members = await registerMembers(on[0].url, `mail-outage-${processes}-`, 6);
    // Whatever registration mailed (a verification link) goes first, while the server is up.
    await drained(DELIVERY_WITHIN_MS);
    const before = smtp.received.length;

    const load = requestResets(on, members);
    await sleep(PHASE_MS / 2);
    await smtp.stop(); // connections refused
    await sleep(PHASE_MS);
    await smtp.start(smtpPort);
    smtp.connectionAnswer = 421; // "service not available"
    await sleep(PHASE_MS);
    smtp.connectionAnswer = null;
    smtp.recipientAnswer = 451; // "try again later"
    await sleep(PHASE_MS);
    await load.stop();
    const duringOutage = smtp.received.length - before;
    const pendingAtReturn = (await outbox()).filter((row) => row.status === 'pending').length;
    const returnedAt = Date.now();
    smtp.recipientAnswer = null;

    const deliveredInMs = await drained(DELIVERY_WITHIN_MS);
    await sleep(SETTLE_MS);
    const rows = await outbox();
    const received = smtp.received.slice(before).map((mail) => mail.messageId);
    const resets = rows.filter((row) => row.kind === 'password_reset');
    report(`mail-outage-${processes}-process${processes > 1 ? 'es' : ''}`, {
      resetRequests: load.answers.length,
      mails: resets.length,
      received: received.length,
      distinctReceived: new Set(received).size,
      pendingWhenTheServerReturned: pendingAtReturn,
      mostAttempts: Math.max(...resets.map((row) => row.attempts)),
      allDeliveredMsAfterReturn: Date.now() - returnedAt - SETTLE_MS,
      drainedMs: deliveredInMs,
    });

    // The members never saw the outage: every request answered 204, each stored its mail.
    expect(load.answers.filter((answer) => answer.status !== 204)).toEqual([]);
    expect(resets).toHaveLength(load.answers.length);
    for (const member of members) {
      expect(resets.filter((row) => row.to_address === member.email)).toHaveLength(
        load.answers.filter((answer) => answer.email === member.email).length,
      );
    }
    // Delayed while the server was away (a mail enqueued before it left may have gone)…
    expect(pendingAtReturn).toBeGreaterThan(0);
    expect(resets.some((row) => row.attempts > 2)).toBe(true);
    expect(duringOutage).toBeLessThan(resets.length);
    // …then every mail exactly once: none lost, none twice.
    expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
    expect(received).toHaveLength(new Set(received).size);
    expect([...received].sort()).toEqual(resets.map((row) => row.message_id).sort());
    for (const server of on) expect(server.child.exitCode).toBeNull();
  }

  it('one server process: every mail arrives exactly once', () => outage(1), 300_000);

  it('two server processes sharing the outbox: no mail is sent twice', () => outage(2), 300_000);
});

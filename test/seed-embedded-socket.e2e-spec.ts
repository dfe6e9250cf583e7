import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { EmbeddedDatabase, embeddedSocket } from '../src/database/embedded-database';

/**
 * The embedded database's wire-protocol multiplexer: several connections (TCP and the unix
 * socket in DATA_DIR) share one PGlite session without mixing their extended-protocol
 * sequences, and a transaction holds the others off until it ends.
 */
describe('EmbeddedSocketServer', () => {
  let dataDir: string;
  let database: EmbeddedDatabase;
  const clients: Client[] = [];

  async function connect(via: 'tcp' | 'unix'): Promise<Client> {
    const socket = embeddedSocket(dataDir);
    const client = new Client(
      via === 'tcp'
        ? { host: database.host, port: database.port, user: 'postgres', database: 'postgres' }
        : { host: socket.dir, port: socket.port, user: 'postgres', database: 'postgres' },
    );
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'laogao-socket-'));
    database = await EmbeddedDatabase.start({ dataDir });
    const setup = await connect('tcp');
    await setup.query('CREATE TABLE ledger (id serial PRIMARY KEY, who text NOT NULL)');
  });

  afterEach(async () => {
    const admin = await connect('tcp');
    await admin.query('TRUNCATE ledger');
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a unix socket in DATA_DIR that only its owner may open', () => {
    const { path } = embeddedSocket(dataDir);
    expect(database.socketPath).toBe(path);
    expect(statSync(path).isSocket()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps 2 × 200 interleaved parameterized queries of two connections apart', async () => {
    // One connection each; a pool queues the 200 queries without pg's concurrency warning.
    const socket = embeddedSocket(dataDir);
    const user = { user: 'postgres', database: 'postgres', max: 1 };
    const tcp = new Pool({ host: database.host, port: database.port, ...user });
    const unix = new Pool({ host: socket.dir, port: socket.port, ...user });
    const ask = (client: Pool, value: number) =>
      client
        .query<{ v: number; t: string }>('SELECT $1::int AS v, $2::text AS t', [value, `n${value}`])
        .then((result) => result.rows[0]);
    const values = Array.from({ length: 200 }, (_, i) => i);
    const [fromTcp, fromUnix] = await Promise.all([
      Promise.all(values.map((v) => ask(tcp, v))),
      Promise.all(values.map((v) => ask(unix, 1000 + v))),
    ]);
    expect(fromTcp).toEqual(values.map((v) => ({ v, t: `n${v}` })));
    expect(fromUnix).toEqual(values.map((v) => ({ v: 1000 + v, t: `n${1000 + v}` })));
    await Promise.all([tcp.end(), unix.end()]);
  });

  it('an error in one connection’s sequence does not spill into the other’s', async () => {
    const socket = embeddedSocket(dataDir);
    const user = { user: 'postgres', database: 'postgres', max: 1 };
    const a = new Pool({ host: database.host, port: database.port, ...user });
    const b = new Pool({ host: socket.dir, port: socket.port, ...user });
    const failures = Array.from({ length: 50 }, (_, i) =>
      a.query('SELECT $1::int / 0 AS boom', [i]).then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    );
    const answers = Array.from({ length: 50 }, (_, i) =>
      b.query<{ v: number }>('SELECT $1::int AS v', [i]).then((r) => r.rows[0].v),
    );
    expect(await Promise.all(failures)).toEqual(Array(50).fill('division by zero'));
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await Promise.all([a.end(), b.end()]);
  });

  it('lets an open transaction finish before another connection’s statements run', async () => {
    const [a, b] = [await connect('tcp'), await connect('unix')];
    await a.query('BEGIN');
    await a.query('INSERT INTO ledger (who) VALUES ($1)', ['a']);
    let bAnswered = false;
    const bCount = b.query<{ n: string }>('SELECT count(*) AS n FROM ledger').then((result) => {
      bAnswered = true;
      return Number(result.rows[0].n);
    });
    // A keeps working inside its transaction for several round trips; B stays in line.
    for (let i = 0; i < 20; i++) {
      await a.query('INSERT INTO ledger (who) VALUES ($1)', [`a${i}`]);
    }
    expect(bAnswered).toBe(false);
    await a.query('COMMIT');
    expect(await bCount).toBe(21);
  });

  it('rolls back the transaction of a connection that goes away, and lets the next in', async () => {
    const [a, b] = [await connect('tcp'), await connect('unix')];
    await a.query('BEGIN');
    await a.query('INSERT INTO ledger (who) VALUES ($1)', ['lost']);
    const bCount = b
      .query<{ n: string }>('SELECT count(*) AS n FROM ledger')
      .then((result) => Number(result.rows[0].n));
    await a.end();
    expect(await bCount).toBe(0);
    // No transaction was left open on the shared session: B's write stands on its own.
    await b.query('INSERT INTO ledger (who) VALUES ($1)', ['b']);
    const c = await connect('tcp');
    const rows = await c.query<{ who: string }>('SELECT who FROM ledger');
    expect(rows.rows).toEqual([{ who: 'b' }]);
  });

  it('runs concurrent transactions of two connections one after the other', async () => {
    const [a, b] = [await connect('tcp'), await connect('unix')];
    const transfer = async (client: Client, who: string) => {
      for (let i = 0; i < 10; i++) {
        await client.query('BEGIN');
        const before = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM ledger WHERE who = $1',
          [who],
        );
        await client.query('INSERT INTO ledger (who) VALUES ($1)', [who]);
        const after = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM ledger WHERE who = $1',
          [who],
        );
        await client.query('COMMIT');
        expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n) + 1);
      }
    };
    await Promise.all([transfer(a, 'a'), transfer(b, 'b')]);
    const totals = await a.query<{ who: string; n: string }>(
      'SELECT who, count(*) AS n FROM ledger GROUP BY who ORDER BY who',
    );
    expect(totals.rows).toEqual([
      { who: 'a', n: '10' },
      { who: 'b', n: '10' },
    ]);
  });

  it('removes its socket and lock when it stops', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'laogao-socket-'));
    try {
      const other = await EmbeddedDatabase.start({ dataDir: otherDir });
      const { path } = embeddedSocket(otherDir);
      expect(existsSync(path)).toBe(true);
      await other.stop();
      expect(existsSync(path)).toBe(false);
      expect(existsSync(join(otherDir, 'embedded-db.pid'))).toBe(false);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

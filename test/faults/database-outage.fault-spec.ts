import { randomBytes } from 'node:crypto';
import {
  createFaultDatabase,
  pgEndpoint,
  REDIS_SERVER_URL,
  redisPrefix,
  type FaultDatabase,
} from './support/database';
import { codeOf, runLoad, timedFetch, type RequestRecord } from './support/http-load';
import { registerMembers, type TestMember } from './support/members';
import { report, sleep, startServer, type ServerProcess } from './support/server';
import { TcpProxy } from './support/tcp-proxy';

/** Lowered for the test, so "no request hangs past it" is quick to prove. */
const QUERY_TIMEOUT_MS = 2_000;
/** The health check's own ping timeout (src/modules/health/health.service.ts). */
const HEALTH_TIMEOUT_MS = 3_000;
const OUTAGE_MS = 10_000;
/** Room for a busy machine above a bound the server promises. */
const SLACK_MS = 1_000;
/** The client gives up long after any bound, so a hang shows as a hang. */
const CLIENT_TIMEOUT_MS = 30_000;
const TAGS = ['fault', 'outage'];

describe('Fault: database outage', () => {
  let db: FaultDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createFaultDatabase();
    const pg = pgEndpoint();
    proxy = new TcpProxy(pg.host, pg.port);
    const port = await proxy.start();
    server = await startServer({
      DATABASE_URL: db.urlThrough('127.0.0.1', port),
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      REDIS_URL: REDIS_SERVER_URL,
      REDIS_KEY_PREFIX: redisPrefix(),
    });
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
    await db?.drop();
  });

  it('answers 503 UNAVAILABLE quickly while PostgreSQL is unreachable, recovers without a restart, and leaves no write half-done', async () => {
    const authors = await registerMembers(server.url, 'outage-writer', 3);
    const load = runLoad(4, 100, (worker, i) => operation(server.url, authors[worker % 3], i));
    await sleep(1_500);

    const outageStart = Date.now();
    await proxy.stop();
    const health503 = await pollHealth(server.url, 503, HEALTH_TIMEOUT_MS * 3);
    await sleep(OUTAGE_MS - (Date.now() - outageStart));
    await proxy.start();
    const outageEnd = Date.now();
    const healthBack = await pollHealth(server.url, 200, 30_000);
    await sleep(1_500);
    await load.stop();

    // Every operation works again on the same process.
    const after = await Promise.all([0, 1, 2, 3].map((i) => operation(server.url, authors[0], i)));
    const records = [...load.records, ...after];
    const during = records.filter((r) => r.startedAt >= outageStart && r.endedAt < outageEnd);
    const figures = {
      requests: records.length,
      duringOutage: during.length,
      failed503: records.filter((r) => r.status === 503).length,
      failedOther: records.filter((r) => r.status === 0 || (r.status >= 500 && r.status !== 503))
        .length,
      slowestMs: Math.max(...records.map((r) => r.endedAt - r.startedAt)),
      health503AfterMs: health503.at - outageStart,
      health503AnswerMs: health503.tookMs,
      recoveryMs: healthBack.at - outageEnd,
      postsCreated: records.filter((r) => r.op === 'post' && r.status === 201).length,
      membersRegistered: records.filter((r) => r.op === 'register' && r.status === 201).length,
    };
    report('database-outage', figures);

    expect(server.child.exitCode).toBeNull();
    expect(health503.tookMs).toBeLessThanOrEqual(HEALTH_TIMEOUT_MS + SLACK_MS);
    // Nothing but success or 503 UNAVAILABLE, ever; nothing hangs past the query timeout.
    expect(records.filter((r) => !(r.status >= 200 && r.status < 300) && r.status !== 503)).toEqual(
      [],
    );
    expect(records.filter((r) => r.status === 503 && r.code !== 'UNAVAILABLE')).toEqual([]);
    expect(records.filter((r) => r.endedAt - r.startedAt > QUERY_TIMEOUT_MS + SLACK_MS)).toEqual(
      [],
    );
    expect(during.filter((r) => r.op !== 'health')).not.toHaveLength(0);
    expect(during.filter((r) => r.op !== 'health' && r.status !== 503)).toEqual([]);
    expect(after.map((r) => r.status)).toEqual([200, 200, 201, 201]);

    // No write is half-done: every stored post carries its tags, HTML and search tokens;
    // every stored member has a session and a refresh token; every 201 is stored.
    const { rows: posts } = await db.pool.query<{
      id: string;
      tags: string[];
      body_html: string;
      search_tokens: string[];
    }>('SELECT id, tags, body_html, search_tokens FROM posts');
    expect(posts.filter((p) => p.tags.join() !== TAGS.join())).toEqual([]);
    expect(posts.filter((p) => p.body_html === '' || p.search_tokens.length === 0)).toEqual([]);
    const storedPosts = new Set(posts.map((p) => p.id));
    const createdPosts = records.filter((r) => r.op === 'post' && r.status === 201);
    expect(createdPosts.filter((r) => !storedPosts.has(r.created ?? ''))).toEqual([]);

    const { rows: members } = await db.pool.query<{
      email: string;
      sessions: number;
      tokens: number;
    }>(
      `SELECT m.email,
              (SELECT count(*)::int FROM auth_sessions s WHERE s.member_id = m.id) AS sessions,
              (SELECT count(*)::int FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
                WHERE s.member_id = m.id) AS tokens
       FROM members m WHERE m.email LIKE '%@fault.test' AND m.email <> 'admin@fault.test'`,
    );
    expect(members.filter((m) => m.sessions === 0 || m.tokens === 0)).toEqual([]);
    const storedEmails = new Set(members.map((m) => m.email));
    const registered = records.filter((r) => r.op === 'register' && r.status === 201);
    expect(registered.filter((r) => !storedEmails.has(r.created ?? ''))).toEqual([]);
  });
});

/** One request of the light load: health, the feed, a post with tags, a registration. */
async function operation(url: string, author: TestMember, i: number): Promise<RequestRecord> {
  const startedAt = Date.now();
  const kind = i % 4;
  let op: string;
  let result: Awaited<ReturnType<typeof timedFetch>>;
  let created: string | undefined;
  if (kind === 0) {
    op = 'health';
    result = await timedFetch(`${url}/api/health`, { timeoutMs: CLIENT_TIMEOUT_MS });
  } else if (kind === 1) {
    op = 'feed';
    result = await timedFetch(`${url}/api/posts?limit=5`, {
      timeoutMs: CLIENT_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${author.accessToken}` },
    });
  } else if (kind === 2) {
    op = 'post';
    result = await timedFetch(`${url}/api/posts`, {
      method: 'POST',
      timeoutMs: CLIENT_TIMEOUT_MS,
      headers: {
        Authorization: `Bearer ${author.accessToken}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        title: `Outage ${i} 断线测试`,
        body: `Written during a **database outage** test, step ${i}.`,
        tags: TAGS,
      }),
    });
    created = (result.body as { id?: string } | null)?.id;
  } else {
    op = 'register';
    const email = `outage-${randomBytes(5).toString('hex')}@fault.test`;
    result = await timedFetch(`${url}/api/auth/register`, {
      method: 'POST',
      timeoutMs: CLIENT_TIMEOUT_MS,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'Fault-test-password-9', displayName: `注册 ${i}` }),
    });
    created = email;
  }
  return {
    op,
    startedAt,
    endedAt: Date.now(),
    status: result.status,
    code: codeOf(result.body),
    ...(result.error ? { error: result.error } : {}),
    ...(result.status >= 200 && result.status < 300 && created ? { created } : {}),
  };
}

/** Polls `/api/health` until it answers `status`; when, and how long that answer took. */
async function pollHealth(
  url: string,
  status: number,
  withinMs: number,
): Promise<{ at: number; tookMs: number }> {
  const started = Date.now();
  for (;;) {
    const asked = Date.now();
    const res = await timedFetch(`${url}/api/health`, { timeoutMs: CLIENT_TIMEOUT_MS });
    if (res.status === status) return { at: Date.now(), tookMs: Date.now() - asked };
    if (Date.now() - started > withinMs) {
      throw new Error(`/api/health did not answer ${status} within ${withinMs} ms`);
    }
    await sleep(100);
  }
}

// Login throughput: `npm run bench:login [-- --embedded] [-- --seconds 15]`.
// Logins per second at concurrency 8, failed logins, and the server's peak RSS.
import autocannon from 'autocannon';
import { ensureBuilt, freshDatabase, memoryOf, startServer } from './lib.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const embedded = process.argv.includes('--embedded');
const secondsArg = process.argv.indexOf('--seconds');
const duration = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 15;
const CONNECTIONS = 8;
const PASSWORD = 'bench-passphrase-1234';

ensureBuilt();
const database = embedded ? null : await freshDatabase(`laogao_bench_login_${process.pid}`);
const dataDir = mkdtempSync(join(tmpdir(), 'laogao-bench-'));
const server = await startServer({
  DATA_DIR: dataDir,
  ...(database ? { DATABASE_URL: database.url } : {}),
  RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
  LOGIN_FAILURES_BEFORE_LOCK: '100000000',
});
try {
  const emails = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const email = `bench-${i}@example.com`;
    const res = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, displayName: `Bench ${i}` }),
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
    emails.push(email);
  }
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, memoryOf(server.pid).rssMb)), 100);
  let n = 0;
  const result = await autocannon({
    url: `${server.url}/api/auth/login`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json' },
    setupClient: (client) => {
      const email = emails[n++ % emails.length];
      client.setBody(JSON.stringify({ email, password: PASSWORD }));
    },
  });
  clearInterval(sampler);
  const failed = result.non2xx + result.errors + result.timeouts;
  console.log(
    JSON.stringify(
      {
        backend: embedded ? 'embedded (PGlite)' : 'PostgreSQL',
        concurrency: CONNECTIONS,
        seconds: duration,
        loginsPerSecond: Math.round(result.requests.average * 10) / 10,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        logins: result.requests.total,
        failed,
        peakRssMb: Math.round(Math.max(peakMb, memoryOf(server.pid).peakMb)),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

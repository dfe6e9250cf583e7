// `node bench/search-attack.mjs`: the search-cost attack of issue 14 against the built server.
// Starts `dist/main.js` of the current directory on a fresh embedded database (or on a fresh
// PostgreSQL database with BENCH_DATABASE=postgres), seeds ten 32,000-character posts of many
// short words, then measures an anonymous `GET /api/posts?q=<66 words>`:
// - alone, one request at a time: p50 and p99;
// - with three attackers looping that query for BENCH_SECONDS: the attack's p50/p99 and the
//   latency of `GET /api/health` polled meanwhile (what every other visitor waits).
//
// The search limit is raised for the run (the cost of one query is measured, not the limit).
// To measure another build, run the script from that checkout: `cd /tmp/old &&
// node /work/main/bench/search-attack.mjs` (it starts ./dist/main.js).
//
// Environment: BENCH_DATABASE (embedded | postgres, default embedded), BENCH_PG_URL,
// BENCH_SEQUENTIAL (requests alone, default 40), BENCH_SECONDS (attack length, default 10).
// Only loopback addresses are used; the load stops by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, percentile, startServer } from './lib.mjs';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ATTACKERS = 3;
const POSTS = 10;
const BODY_CHARS = 32_000;

// 66 distinct two-letter words: the query, and the vocabulary of every post.
const WORDS = Array.from(
  { length: 66 },
  (_, i) => String.fromCharCode(97 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26)),
);
const QUERY = `/api/posts?q=${encodeURIComponent(WORDS.join(' '))}`;

function attackBody(seed) {
  const words = [];
  let length = 0;
  for (let i = seed; length + 3 <= BODY_CHARS; i++) {
    const word = WORDS[(i * 7) % WORDS.length];
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ');
}

async function timed(url) {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

const summary = (samples) => {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses = [...new Set(samples.map((s) => s.status))].join('/');
  return `n=${sorted.length} p50=${percentile(sorted, 50).toFixed(1)} ms p99=${percentile(sorted, 99).toFixed(1)} ms max=${sorted.at(-1).toFixed(1)} ms (status ${statuses})`;
};

const dataDir = mkdtempSync(join(tmpdir(), 'laogao-search-attack-'));
const database =
  process.env.BENCH_DATABASE === 'postgres'
    ? await freshDatabase(`laogao_search_attack_${process.pid}`)
    : null;
const server = await startServer({
  DATA_DIR: dataDir,
  JWT_SECRET: 'x'.repeat(64),
  REDIS_URL: '',
  ...(database ? { DATABASE_URL: database.url } : {}),
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  RATE_LIMIT_WRITE_PER_MINUTE: '100000',
  RATE_LIMIT_SEARCH_PER_MINUTE: '100000000',
});

try {
  console.log(
    `server ${process.cwd()}/dist/main.js on ${database ? 'PostgreSQL' : 'the embedded database'}`,
  );
  const registered = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `attacker-${process.pid}@example.com`,
      password: 'a long attack password',
      displayName: 'Attacker',
    }),
  });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const { accessToken } = await registered.json();
  for (let i = 0; i < POSTS; i++) {
    const res = await fetch(`${server.url}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ title: `Attack ${i}`, body: attackBody(i) }),
    });
    if (res.status !== 201) throw new Error(`post answered ${res.status}`);
  }
  const first = await fetch(server.url + QUERY);
  const found = (await first.json()).items?.length;
  console.log(
    `seeded ${POSTS} posts of ${BODY_CHARS} characters; the 66-word query finds ${found}`,
  );

  for (let i = 0; i < 3; i++) await timed(server.url + QUERY); // warm-up
  const alone = [];
  for (let i = 0; i < SEQUENTIAL; i++) alone.push(await timed(server.url + QUERY));
  const healthIdle = [];
  for (let i = 0; i < 20; i++) healthIdle.push(await timed(`${server.url}/api/health`));

  const attack = [];
  const health = [];
  const until = Date.now() + SECONDS * 1000;
  const attacker = async () => {
    while (Date.now() < until) attack.push(await timed(server.url + QUERY));
  };
  const prober = async () => {
    while (Date.now() < until) {
      health.push(await timed(`${server.url}/api/health`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await Promise.all([...Array.from({ length: ATTACKERS }, attacker), prober()]);

  console.log(`66-word query, alone:            ${summary(alone)}`);
  console.log(`/api/health, idle:               ${summary(healthIdle)}`);
  console.log(`66-word query, ${ATTACKERS} attackers:      ${summary(attack)}`);
  console.log(`/api/health during the attack:   ${summary(health)}`);
} finally {
  await server.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

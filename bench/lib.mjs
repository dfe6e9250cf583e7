// Shared helpers of the benchmark scripts: start the built server, watch its memory.
import { spawn, execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

export const PG_ADMIN_URL =
  process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function ensureBuilt() {
  execSync('node scripts/build-if-needed.mjs', { stdio: 'inherit' });
}

/** Creates a fresh database on the PostgreSQL server; returns its URL and a drop function. */
export async function freshDatabase(name) {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts `node dist/main.js` with `env`; resolves once /api/health answers 200 (and, with
 * `env.WEB_CONCURRENCY` above 1, once the banner says every worker serves).
 * `nodeArgs` go before the script (e.g. `--expose-gc`, `--require`, `--cpu-prof`).
 */
export async function startServer(env, { nodeArgs = [] } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let banner = Number(env.WEB_CONCURRENCY ?? 1) <= 1;
  child.stdout.on('data', (chunk) => {
    if (!banner && /is up in \d+ ms/.test(String(chunk))) banner = true;
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      console.error(`server ${child.pid} exited unexpectedly: code ${code}, signal ${signal}`);
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && banner) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 60_000) throw new Error('server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    startMs: Date.now() - started,
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process, in MB (current and peak). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU seconds a process has used so far (user + system), from /proc; 0 once it is gone. */
export function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** `pid` and every process below it, now (from each process's parent in /proc). */
export function withDescendants(pid) {
  const parentOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    for (const [child, parent] of parentOf) if (parent === found[i]) found.push(child);
  }
  return found;
}

/**
 * Starts measuring the CPU of groups of processes (and of this one, `conductor`).
 * `stop()` answers, per group, the cores used on average (`cores`) and the CPU seconds
 * (`seconds`) since. On a shared machine the CPU a server spends per unit of work is steadier
 * than its latency; and a saturated client side (clients + server ≈ the machine's cores)
 * would make a server's latency figure meaningless.
 */
export function cpuMeter(named) {
  const started = performance.now();
  const own = process.cpuUsage();
  // A server's workers (WEB_CONCURRENCY) are children of its primary: count them with it.
  const groups = Object.fromEntries(
    Object.entries(named).map(([name, pids]) => [name, pids.flatMap(withDescendants)]),
  );
  const before = Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [name, pids.map(cpuSecondsOf)]),
  );
  return {
    stop() {
      const wall = (performance.now() - started) / 1000;
      const seconds = Object.fromEntries(
        Object.entries(groups).map(([name, pids]) => [
          name,
          pids.reduce((sum, pid, i) => sum + cpuSecondsOf(pid) - before[name][i], 0),
        ]),
      );
      const used = process.cpuUsage(own);
      seconds.conductor = (used.user + used.system) / 1e6;
      const cores = Object.fromEntries(
        Object.entries(seconds).map(([name, s]) => [name, Math.round((s / wall) * 100) / 100]),
      );
      return { cores, seconds };
    },
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/** One secret for every process of a test, so they accept each other's tokens. */
const JWT_SECRET = randomBytes(32).toString('hex');

/** Limits raised so the faults, not the limits, decide what the clients see. */
const BASE_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  JWT_SECRET,
  ADMIN_EMAIL: 'admin@fault.test',
  ADMIN_PASSWORD: 'fault-admin-password-1',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  RATE_LIMIT_WRITE_PER_MINUTE: '100000',
  CHAT_BURST: '100000',
  CHAT_PER_SECOND: '100000',
};

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines it wrote, for a failure message. */
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** Resident memory in MB, from /proc. */
  rssMb(): number;
}

export interface StartOptions {
  /** Reuse a port (a restart on the same address); a free one otherwise. */
  port?: number;
  /** The data folder: a fresh temporary one by default. */
  dataDir?: string;
}

/** Starts `node dist/main.js` with `env`; resolves once `/api/health` answers 200. */
export async function startServer(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'laogao-fault-'));
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...BASE_ENV, DATA_DIR: dataDir, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-64_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      done({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited while starting (${child.exitCode ?? child.signalCode}):\n${log}`,
      );
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`The server did not start within 60 s:\n${log}`);
    }
    await sleep(100);
  }
  const pid = child.pid ?? 0;
  return {
    url,
    port,
    pid,
    child,
    exited,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Prints a test's measured figures as one JSON line, for the closing note. */
export function report(fault: string, figures: Record<string, unknown>): void {
  process.stdout.write(`FAULT-FIGURES ${JSON.stringify({ fault, ...figures })}\n`);
}

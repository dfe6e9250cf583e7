import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { MessageDto } from '../../src/modules/discussion/dto/message.dto';
import { join as joinRoom, openRooms, send, type ChatSocket } from '../faults/support/chat';
import { connectionsHeld } from '../faults/support/connections';
import {
  createFaultDatabase,
  REDIS_SERVER_URL,
  redisPrefix,
  type FaultDatabase,
} from '../faults/support/database';
import { registerMember, type TestMember } from '../faults/support/members';
import {
  freePort,
  PROJECT_ROOT,
  sleep,
  startServer,
  type ServerProcess,
} from '../faults/support/server';

const PASSWORD = 'Fault-test-password-9';
const SEARCHES_PER_MINUTE = 4;
/** The proxy rules docker compose runs (deploy/nginx/proxy.conf), tested here as they ship. */
const PROXY_RULES = join(PROJECT_ROOT, 'deploy', 'nginx', 'proxy.conf');

/** Debian's nginx (`apt-get install -y nginx`), or `NGINX`. Missing is a failure, not a skip. */
function nginxBinary(): string {
  for (const candidate of [process.env.NGINX, '/usr/sbin/nginx', 'nginx']) {
    if (candidate && spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  throw new Error('nginx is not installed: apt-get install -y nginx (.ci/run installs it)');
}

/**
 * nginx in the foreground, everything in a temporary folder (pid, logs, temp files), so it
 * runs as any user: one worker (a strict round-robin), both servers upstream, the shipped
 * proxy rules, and `X-Upstream` naming the process that answered (this test's only).
 */
class Nginx {
  readonly dir = mkdtempSync(join(tmpdir(), 'laogao-nginx-'));
  private child?: ChildProcess;
  private log = '';

  constructor(
    readonly port: number,
    private readonly upstreams: number[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // Its worker runs as `nobody` when started by root: it must reach the temp paths.
    chmodSync(this.dir, 0o755);
    const config = join(this.dir, 'nginx.conf');
    writeFileSync(
      config,
      `
daemon off;
worker_processes 1;
pid ${this.dir}/nginx.pid;
error_log ${this.dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${this.dir}/access.log;
  client_body_temp_path ${this.dir}/client_body;
  proxy_temp_path ${this.dir}/proxy;
  fastcgi_temp_path ${this.dir}/fastcgi;
  uwsgi_temp_path ${this.dir}/uwsgi;
  scgi_temp_path ${this.dir}/scgi;
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }
  upstream laogao {
    ${this.upstreams.map((port) => `server 127.0.0.1:${port};`).join('\n    ')}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${this.port};
    add_header X-Upstream $upstream_addr always;
    include ${PROXY_RULES};
  }
}
`,
    );
    const child = spawn(
      nginxBinary(),
      ['-p', this.dir, '-c', config, '-e', `${this.dir}/error.log`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    const until = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${this.output()}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`nginx did not answer: ${this.output()}`);
      await sleep(100);
    }
  }

  output(): string {
    let errors = '';
    try {
      errors = readFileSync(join(this.dir, 'error.log'), 'utf8');
    } catch {
      // none yet
    }
    return `${this.log}\n${errors}`;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Answer {
  status: number;
  upstream: string;
  body: unknown;
}

describe('Two server processes behind nginx (deploy/nginx/proxy.conf)', () => {
  let db: FaultDatabase;
  let servers: ServerProcess[] = [];
  let nginx: Nginx;
  const sockets: ChatSocket[] = [];

  beforeAll(async () => {
    const binary = nginxBinary();
    expect(binary).toBeTruthy();
    db = await createFaultDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_SERVER_URL,
      REDIS_KEY_PREFIX: redisPrefix(),
      TRUST_PROXY: '1',
      RATE_LIMIT_SEARCH_PER_MINUTE: String(SEARCHES_PER_MINUTE),
    };
    // Started together on an empty database: they take turns to migrate.
    servers = await Promise.all([startServer(env), startServer(env)]);
    nginx = new Nginx(
      await freePort(),
      servers.map((server) => server.port),
    );
    await nginx.start();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await nginx?.stop();
    for (const server of servers) await server.stop();
    await db?.drop();
  });

  const upstreamOf = (server: ServerProcess) => `127.0.0.1:${server.port}`;

  async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const res = await fetch(`${nginx.url}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      upstream: res.headers.get('x-upstream') ?? '',
      body: text ? (JSON.parse(text) as unknown) : null,
    };
  }

  /** A chat socket through nginx (with a browser's Origin: nginx's own) held by `server`. */
  async function socketOn(server: ServerProcess, member: TestMember): Promise<ChatSocket> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = connectionsHeld(server.pid, server.port);
      const socket: ChatSocket = io(`${nginx.url}/discussion`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { token: member.accessToken },
        extraHeaders: { Origin: nginx.url },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      if (connectionsHeld(server.pid, server.port) > before) return socket;
    }
    throw new Error(`no socket through nginx landed on the server at ${server.port}`);
  }

  it('answers through nginx from both processes in turn', async () => {
    const upstreams: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await call('GET', '/api/health');
      expect(answer).toMatchObject({ status: 200, body: { status: 'ok', database: 'up' } });
      upstreams.push(answer.upstream);
    }
    expect(new Set(upstreams)).toEqual(new Set(servers.map(upstreamOf)));
    expect(upstreams[0]).not.toBe(upstreams[1]);
  });

  it('delivers a chat message sent through one process to a socket on the other', async () => {
    const [a, b] = servers;
    const talker = await registerMember(nginx.url, 'nginx-talker');
    const listener = await registerMember(nginx.url, 'nginx-listener');
    const [room] = await openRooms(nginx.url, talker.accessToken);
    const onA = await socketOn(a, talker);
    const onB = await socketOn(b, listener);
    await joinRoom(onA, room.id);
    await joinRoom(onB, room.id);
    const heard = new Promise<MessageDto>((resolve) =>
      onB.on('message:new', (message) => resolve(message)),
    );
    const ack = await send(onA, {
      roomId: room.id,
      clientMsgId: 'through-nginx',
      body: '经过 nginx 到另一个进程',
    });
    if (!ack.ok) throw new Error(`message:send refused: ${ack.code}`);
    expect(await heard).toMatchObject({ id: ack.message.id, body: '经过 nginx 到另一个进程' });
  });

  it('counts one search limit across both processes, on the address nginx forwards', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < SEARCHES_PER_MINUTE + 2; i++) {
      // A client's own X-Forwarded-For changes nothing: TRUST_PROXY=1 believes nginx's entry.
      const headers: Record<string, string> =
        i >= SEARCHES_PER_MINUTE ? { 'X-Forwarded-For': `203.0.113.${i}` } : {};
      answers.push(await call('GET', '/api/posts?q=nginx', { headers }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 429, 429]);
    expect(new Set(answers.slice(0, 4).map((answer) => answer.upstream)).size).toBe(2);
    expect(new Set(answers.slice(4).map((answer) => answer.upstream))).toEqual(
      new Set(servers.map(upstreamOf)),
    );
  });

  it('honors a logout made through one process on the other', async () => {
    const member = await registerMember(nginx.url, 'nginx-logout');
    const login = await call('POST', '/api/auth/login', {
      body: { email: member.email, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const tokens = login.body as { accessToken: string; refreshToken: string };
    // Both processes have seen the session live.
    const seen = [
      await call('GET', '/api/members/me', { token: tokens.accessToken }),
      await call('GET', '/api/members/me', { token: tokens.accessToken }),
    ];
    expect(seen.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(seen.map((answer) => answer.upstream)).size).toBe(2);

    const logout = await call('POST', '/api/auth/logout', {
      token: tokens.accessToken,
      body: { refreshToken: tokens.refreshToken },
    });
    expect(logout.status).toBe(204);
    const after = [
      await call('POST', '/api/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
      await call('GET', '/api/members/me', { token: tokens.accessToken }),
      await call('POST', '/api/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
      await call('GET', '/api/members/me', { token: tokens.accessToken }),
    ];
    expect(after.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    // The other process (not the one that logged out) answered some of them.
    expect(after.some((answer) => answer.upstream !== logout.upstream)).toBe(true);
    expect(new Set(after.map((answer) => answer.upstream))).toEqual(
      new Set(servers.map(upstreamOf)),
    );
  });
});

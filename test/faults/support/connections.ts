import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Which server process holds which TCP connection, read from Linux's /proc: the tests of
 * several processes tell them apart this way, without anything in the API naming them.
 */

interface TcpEntry {
  localPort: number;
  remotePort: number;
  established: boolean;
  inode: string;
}

function tcpTable(): TcpEntry[] {
  const entries: TcpEntry[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const port = (address: string) => parseInt(address.split(':')[1], 16);
      entries.push({
        localPort: port(fields[1]),
        remotePort: port(fields[2]),
        established: fields[3] === '01',
        inode: fields[9],
      });
    }
  }
  return entries;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** The established connections to `port` (the server's side) that process `pid` holds. */
export function connectionsHeld(pid: number, port: number): number {
  const inodes = socketInodes(pid);
  return tcpTable().filter(
    (entry) => entry.established && entry.localPort === port && inodes.has(entry.inode),
  ).length;
}

/** Which of `pids` holds the server side of the connection from local port `clientPort`. */
export function holderOf(pids: number[], port: number, clientPort: number): number | null {
  const entry = tcpTable().find(
    (e) => e.established && e.localPort === port && e.remotePort === clientPort,
  );
  if (!entry) return null;
  return pids.find((pid) => socketInodes(pid).has(entry.inode)) ?? null;
}

/** The processes whose parent is `pid` (cluster workers), from /proc/<pid>/stat. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return children.sort((a, b) => a - b);
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * One kept-alive TCP connection to a server: every request of this object goes over it,
 * so `localPort` says (through `holderOf`) which process answers them all.
 */
export class Connection {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private socket: Socket | null = null;

  constructor(readonly url: string) {}

  /** The client side's port, once the first request has connected. */
  get localPort(): number | undefined {
    return this.socket?.localPort;
  }

  async send(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const target = new URL(path, this.url);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        {
          method,
          agent: this.agent,
          headers: {
            ...(payload ? { 'Content-Type': 'application/json' } : {}),
            ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
            ...options.headers,
          },
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : null;
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          });
          res.on('error', reject);
        },
      );
      req.on('socket', (socket: Socket) => {
        if (this.socket && this.socket !== socket) {
          reject(new Error('the connection was replaced: the server closed it'));
        }
        this.socket = socket;
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

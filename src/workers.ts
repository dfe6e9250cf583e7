import cluster, { type Worker } from 'node:cluster';
import pino, { type Logger } from 'pino';
import { startBanner, type StartFacts } from './banner';
import { logDestination } from './common/http/log-destination';
import type { AppConfig } from './config/env.schema';
import type { GeneratedAdmin } from './modules/auth/first-admin';

/**
 * `WEB_CONCURRENCY` above 1: the primary process forks that many workers (node:cluster).
 * Each worker is the whole server (`bootstrap` in main.ts); the primary holds the
 * listening socket and hands connections to the workers in turn. Workers share nothing
 * but PostgreSQL and Redis: limits, flood control, presence, cache invalidation and
 * socket broadcasts go through Redis, as between separate machines. Migrations and the
 * first admin run once, under a database lock (`withStartLock`).
 */

/** A worker's messages to the primary, and the primary's to a worker. */
export type WorkerMessage =
  { laogao: 'ready'; port: number; admin: GeneratedAdmin | null } | { laogao: 'stop' };

const isWorkerMessage = (value: unknown): value is WorkerMessage =>
  typeof value === 'object' && value !== null && 'laogao' in value;

/** A worker that dies is forked again after this delay, doubled while it keeps dying young… */
export const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** …where young is less than this long after its fork. */
const HEALTHY_AFTER_MS = 60_000;
/** A stop waits this long for the workers (each drains within 10 s), then kills them. */
const STOP_DEADLINE_MS = 12_000;

interface Slot {
  index: number;
  worker: Worker | null;
  forkedAt: number;
  delayMs: number;
  ready: boolean;
}

/**
 * The primary: forks the workers, prints the banner once all of them serve, restarts a
 * worker that dies (with backoff), and on SIGTERM or SIGINT stops them all gracefully.
 * A worker that dies before the first start has completed stops the start (exit 1), as a
 * single process would: a bad database URL must not turn into a restart loop.
 */
export async function runPrimary(config: AppConfig): Promise<void> {
  const startedAt = Date.now();
  const count = config.WEB_CONCURRENCY;
  const logger: Logger = pino(
    { level: config.LOG_LEVEL, base: { pid: process.pid, context: 'Cluster' } },
    await logDestination(config.NODE_ENV, process.stdout),
  );
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({
    index,
    worker: null,
    forkedAt: 0,
    delayMs: RESTART_DELAY_MS,
    ready: false,
  }));
  const facts: Pick<StartFacts, 'admin' | 'port'> = { admin: null, port: config.PORT };
  let started = false;
  let stopping = false;
  let exitCode = 0;
  const timers = new Set<NodeJS.Timeout>();

  const fork = (slot: Slot): void => {
    slot.ready = false;
    slot.forkedAt = Date.now();
    const worker = cluster.fork();
    slot.worker = worker;
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message) || message.laogao !== 'ready') return;
      slot.ready = true;
      facts.admin ??= message.admin;
      facts.port = message.port;
      if (started) {
        logger.info(`Worker ${slot.index + 1} (pid ${worker.process.pid}) is serving again`);
      } else if (slots.every((s) => s.ready)) {
        started = true;
        console.log(startBanner(config, { ...facts, startedMs: Date.now() - startedAt }));
      }
    });
    worker.on('exit', (code, signal) => {
      slot.worker = null;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) {
        if (slots.every((s) => s.worker === null)) finish();
        return;
      }
      if (!started) {
        logger.error(`Worker ${slot.index + 1} exited while starting (${how}): stopping`);
        exitCode = 1;
        stop();
        return;
      }
      const young = Date.now() - slot.forkedAt < HEALTHY_AFTER_MS;
      slot.delayMs = young ? slot.delayMs : RESTART_DELAY_MS;
      logger.error(
        `Worker ${slot.index + 1} (pid ${worker.process.pid}) exited (${how}): ` +
          `starting another in ${slot.delayMs} ms`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) fork(slot);
      }, slot.delayMs);
      timers.add(timer);
      if (young) slot.delayMs = Math.min(slot.delayMs * 2, MAX_RESTART_DELAY_MS);
    });
  };

  const finish = (): void => {
    for (const timer of timers) clearTimeout(timer);
    logger.info(`All workers stopped`);
    logger.flush();
    process.exit(exitCode);
  };

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    const running = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
    if (running.length === 0) return finish();
    for (const worker of running) {
      if (worker.isConnected()) worker.send({ laogao: 'stop' } satisfies WorkerMessage);
      else worker.process.kill('SIGTERM');
    }
    setTimeout(() => {
      logger.warn(`Workers still running after ${STOP_DEADLINE_MS} ms: killed`);
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
    }, STOP_DEADLINE_MS).unref();
  };

  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (const slot of slots) fork(slot);
}

/**
 * In a worker: stops the server gracefully (`close()`: the HTTP drain, sockets, Redis,
 * the pool) on the primary's word, on SIGTERM or SIGINT (Ctrl-C reaches every process of
 * the group), or when the primary is gone; then exits. Returns the function that tells
 * the primary this worker serves.
 */
export function superviseWorker(close: () => Promise<void>): (facts: StartFacts) => void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('The worker did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('message', (message: unknown) => {
    if (isWorkerMessage(message) && message.laogao === 'stop') stop();
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  return ({ port, admin }) => {
    process.send?.({ laogao: 'ready', port, admin } satisfies WorkerMessage);
  };
}

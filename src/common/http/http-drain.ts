import type { Server, ServerResponse } from 'node:http';
import { Global, Injectable, Logger, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';

/** How long a stop waits for the requests in flight before it cuts them (exit within 10 s). */
export const DRAIN_MS = 8_000;

/**
 * The HTTP half of a graceful stop. On SIGTERM, before the database and Redis close
 * (Nest's `beforeApplicationShutdown`), the server stops accepting connections, closes
 * idle keep-alive connections, and answers every request it has already accepted — with
 * `Connection: close`, so clients move on — waiting at most `DRAIN_MS`. Nest then closes
 * the Socket.IO server (clients see a transport close and reconnect) and the rest.
 * Without this, `server.close()` waits for busy keep-alive connections forever.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private drained?: () => void;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The first middleware: counts requests in flight, and closes connections while draining. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    this.inFlight.add(res);
    if (this.draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.drained?.();
    });
    next();
  };

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    server.close();
    server.closeIdleConnections();
    if (this.inFlight.size > 0) {
      const pending = this.inFlight.size;
      const finished = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), DRAIN_MS);
        this.drained = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!finished) {
        this.logger.warn(`${this.inFlight.size} requests still running after ${DRAIN_MS} ms: cut`);
        server.closeAllConnections();
      } else {
        this.logger.log(`Stopping: ${pending} requests in flight finished`);
      }
    }
  }
}

@Global()
@Module({ providers: [HttpDrain], exports: [HttpDrain] })
export class HttpDrainModule {}

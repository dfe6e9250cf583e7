import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS_CLIENT, type RedisClient } from '../../common/redis/redis.module';
import { AppConfigService } from '../../config/app-config.service';
import { DiscussionServer } from './discussion-server';
import { memberChannel, type DiscussionSocket } from './discussion.events';

/** How long a handshake waits for the other processes' counts before counting its own only. */
const CLUSTER_COUNT_WAIT_MS = 2_000;

/**
 * `MAX_SOCKETS_PER_MEMBER` across every process. Nothing is stored: a handshake counts the
 * member's sockets that exist now, so a crashed process's sockets stop counting the moment
 * it stops answering, and no counter can drift.
 *
 * - This process's sockets are held here from their admission until their connection
 *   closes (a socket joins the namespace only after the handshake, so the namespace would
 *   miss handshakes still under way). The check and the admission run in one synchronous
 *   step after the only `await`: concurrent handshakes on one process never both pass.
 * - The other processes' sockets come from `fetchSockets()` through the Redis adapter. Two
 *   handshakes of one member at the limit on two processes at once may both pass (one
 *   extra socket per process, at most); a strict count would need a shared counter that a
 *   crash leaks, which is worse for a member who reconnects after one.
 * - While Redis is unreachable, each process counts its own sockets only.
 */
@Injectable()
export class SocketQuota {
  private readonly logger = new Logger(SocketQuota.name);
  private readonly max: number;
  private readonly local = new Map<string, Set<string>>();

  constructor(
    config: AppConfigService,
    private readonly server: DiscussionServer,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
  ) {
    this.max = config.get('MAX_SOCKETS_PER_MEMBER');
  }

  get limit(): number {
    return this.max;
  }

  /** Admits the socket if its member has fewer than the maximum open; `false` otherwise. */
  async admit(socket: DiscussionSocket): Promise<boolean> {
    const { memberId } = socket.data;
    const elsewhere = await this.countElsewhere(memberId);
    const here = this.local.get(memberId) ?? new Set<string>();
    if (elsewhere + here.size >= this.max) return false;
    here.add(socket.id);
    this.local.set(memberId, here);
    const release = () => {
      here.delete(socket.id);
      if (here.size === 0 && this.local.get(memberId) === here) this.local.delete(memberId);
    };
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    if (socket.conn.readyState !== 'open') release();
    return true;
  }

  /** The member's connected sockets on the other processes (0 without Redis). */
  private async countElsewhere(memberId: string): Promise<number> {
    const nsp = this.server.nsp;
    if (!nsp || !this.redis?.isReady) return 0;
    let timer: NodeJS.Timeout | undefined;
    try {
      const sockets = await Promise.race([
        nsp.in(memberChannel(memberId)).fetchSockets(),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), CLUSTER_COUNT_WAIT_MS);
        }),
      ]);
      if (sockets === null) throw new Error(`no answer within ${CLUSTER_COUNT_WAIT_MS} ms`);
      const here = this.local.get(memberId);
      return sockets.filter((socket) => !here?.has(socket.id)).length;
    } catch (error) {
      this.logger.warn(
        `Sockets of member ${memberId} counted on this process only: ${String(error)}`,
      );
      return 0;
    } finally {
      clearTimeout(timer);
    }
  }
}

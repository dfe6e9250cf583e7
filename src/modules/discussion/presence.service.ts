import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DiscussionServer } from './discussion-server';
import { roomChannel, type OnlineMember } from './discussion.events';

/** Joins, leaves and disconnects within this window give one `presence` broadcast. */
const PRESENCE_DELAY_MS = 150;

/**
 * Who is online in a room: one entry per member, however many sockets (tabs) they have.
 * Read with `fetchSockets()`, which through the Redis adapter spans every process.
 * Broadcasts are coalesced per room, so a thousand joins do not cost a million entries.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly server: DiscussionServer) {}

  /** Announces the room's presence shortly, once for every change in the window. */
  schedule(roomId: string): void {
    if (this.pending.has(roomId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(roomId);
      this.publish(roomId).catch((error: unknown) =>
        this.logger.warn(`Presence of room ${roomId} not sent: ${String(error)}`),
      );
    }, PRESENCE_DELAY_MS);
    this.pending.set(roomId, timer);
  }

  async online(roomId: string): Promise<OnlineMember[]> {
    const nsp = this.server.nsp;
    if (!nsp) return [];
    const sockets = await nsp.in(roomChannel(roomId)).fetchSockets();
    const members = new Map<string, OnlineMember>();
    for (const { data } of sockets) {
      members.set(data.memberId, { id: data.memberId, displayName: data.displayName });
    }
    return [...members.values()].sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id),
    );
  }

  private async publish(roomId: string): Promise<void> {
    const online = await this.online(roomId);
    this.server.nsp?.to(roomChannel(roomId)).emit('presence', { roomId, online });
  }

  onModuleDestroy(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

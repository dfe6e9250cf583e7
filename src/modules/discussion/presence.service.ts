import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DiscussionServer } from './discussion-server';
import { roomChannel, type OnlineMember } from './discussion.events';

/** A change is announced this soon (a leaving socket has then left its rooms)... */
const FIRST_DELAY_MS = 50;
/** ...and the room's later changes at most once per this interval. */
const INTERVAL_MS = 1_000;

/**
 * Who is online in a room: one entry per member, however many sockets (tabs) they have.
 * Read with `fetchSockets()`, which through the Redis adapter spans every process.
 * Broadcasts are throttled per room: the first change goes out at once, the ones that
 * follow within a second go out together, so a thousand joins do not cost a million
 * entries.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private readonly rooms = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();

  constructor(private readonly server: DiscussionServer) {}

  /** Announces the room's presence soon; changes in the same interval share a broadcast. */
  schedule(roomId: string): void {
    const state = this.rooms.get(roomId);
    if (state) {
      state.dirty = true;
      return;
    }
    this.rooms.set(roomId, {
      dirty: false,
      timer: setTimeout(() => this.publishAndWait(roomId), FIRST_DELAY_MS),
    });
  }

  private publishAndWait(roomId: string): void {
    const state = this.rooms.get(roomId);
    if (!state) return;
    state.dirty = false;
    this.publish(roomId).catch((error: unknown) =>
      this.logger.warn(`Presence of room ${roomId} not sent: ${String(error)}`),
    );
    state.timer = setTimeout(() => {
      if (state.dirty) this.publishAndWait(roomId);
      else this.rooms.delete(roomId);
    }, INTERVAL_MS);
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
    for (const { timer } of this.rooms.values()) clearTimeout(timer);
    this.rooms.clear();
  }
}

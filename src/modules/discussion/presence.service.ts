import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DiscussionServer } from './discussion-server';
import { roomChannel, type OnlineMember } from './discussion.events';

/** A change is announced this soon (a leaving socket has then left its rooms)... */
const FIRST_DELAY_MS = 50;
/** ...and the room's later changes at most once per this interval per started hundred members online. */
export const PRESENCE_INTERVAL_MS = 1_000;
const MEMBERS_PER_INTERVAL = 100;

/**
 * How long a room's presence waits after a broadcast listing `online` members: a second
 * up to 100 members, two up to 200, ten for 1,000. Each broadcast sends the whole list to
 * every socket of the room (the API contract's `presence` event), n entries to n sockets:
 * spacing them in proportion to n keeps the bytes per second linear in the room's size
 * instead of quadratic (1,000 members churning: 7 MB/s instead of 70 MB/s).
 */
export function presenceInterval(online: number): number {
  return PRESENCE_INTERVAL_MS * Math.max(1, Math.ceil(online / MEMBERS_PER_INTERVAL));
}

/**
 * Who is online in a room: one entry per member, however many sockets (tabs) they have.
 * Read with `fetchSockets()`, which through the Redis adapter spans every process.
 * Broadcasts are throttled per room: the first change goes out at once, the ones that
 * follow within `presenceInterval` go out together, so a thousand joins do not cost a
 * million entries.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private readonly rooms = new Map<string, { timer?: NodeJS.Timeout; dirty: boolean }>();
  private stopped = false;

  constructor(private readonly server: DiscussionServer) {}

  /** Announces the room's presence soon; changes in the same interval share a broadcast. */
  schedule(roomId: string): void {
    if (this.stopped) return;
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
    state.timer = undefined;
    void this.publish(roomId)
      .catch((error: unknown) => {
        this.logger.warn(`Presence of room ${roomId} not sent: ${String(error)}`);
        return 0;
      })
      .then((online) => {
        if (this.stopped) return;
        state.timer = setTimeout(() => {
          if (state.dirty) this.publishAndWait(roomId);
          else this.rooms.delete(roomId);
        }, presenceInterval(online));
      });
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

  /** Sends the room's presence; answers how many members it listed. */
  private async publish(roomId: string): Promise<number> {
    const online = await this.online(roomId);
    this.server.nsp?.to(roomChannel(roomId)).emit('presence', { roomId, online });
    return online.length;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const { timer } of this.rooms.values()) clearTimeout(timer);
    this.rooms.clear();
  }
}

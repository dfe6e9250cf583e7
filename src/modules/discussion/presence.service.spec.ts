import { DiscussionServer } from './discussion-server';
import type { DiscussionNamespace } from './discussion.events';
import { PresenceService, presenceInterval } from './presence.service';

/** A namespace whose room has `online` members, recording when each presence went out. */
function roomOf(online: number) {
  const sent: { at: number; listed: number }[] = [];
  const started = Date.now();
  const nsp = {
    in: () => ({
      fetchSockets: () =>
        Promise.resolve(
          Array.from({ length: online }, (_, i) => ({
            data: { memberId: `member-${i}`, displayName: `Member ${i}` },
          })),
        ),
    }),
    to: () => ({
      emit: (_event: string, payload: { online: unknown[] }) =>
        sent.push({ at: Date.now() - started, listed: payload.online.length }),
    }),
  };
  const server = new DiscussionServer();
  server.attach(nsp as unknown as DiscussionNamespace);
  return { presence: new PresenceService(server), sent };
}

describe('PresenceService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('spaces a room’s broadcasts by a second per started hundred members online', () => {
    expect([1, 100, 101, 200, 1_000].map(presenceInterval)).toEqual([
      1_000, 1_000, 2_000, 2_000, 10_000,
    ]);
  });

  async function churn(online: number) {
    const room = roomOf(online);
    // Someone joins or leaves every 100 ms for 10 s.
    for (let t = 0; t < 10_000; t += 100) {
      room.presence.schedule('room');
      await jest.advanceTimersByTimeAsync(100);
    }
    room.presence.onModuleDestroy();
    return room.sent;
  }

  it('announces the first change at once and the next ones once a second in a small room', async () => {
    const sent = await churn(3);
    expect(sent[0]).toEqual({ at: 50, listed: 3 });
    expect(sent.map((s) => s.at)).toEqual(Array.from({ length: 10 }, (_, i) => 50 + i * 1_000));
  });

  it('announces a room of 250 every 3 s, whatever the churn', async () => {
    const sent = await churn(250);
    expect(sent.map((s) => s.at)).toEqual([50, 3_050, 6_050, 9_050]);
    expect(sent.every((s) => s.listed === 250)).toBe(true);
  });

  it('sends nothing once stopped', async () => {
    const room = roomOf(3);
    room.presence.onModuleDestroy();
    room.presence.schedule('room');
    await jest.advanceTimersByTimeAsync(5_000);
    expect(room.sent).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  countRows,
  createGoldenCrownMember,
  createMember,
  createModerator,
  type TestMember,
} from './support/factories';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import { createTestApp, type TestApp } from './support/test-app';

interface Ack {
  ok: boolean;
  code?: string;
  [key: string]: unknown;
}

function emit(socket: ChatClient, event: string, payload: unknown): Promise<Ack> {
  return new Promise((resolve) => {
    (socket as unknown as { emit: (e: string, p: unknown, ack: (a: Ack) => void) => void }).emit(
      event,
      payload,
      resolve,
    );
  });
}

describe('Reports on chat messages and hostile socket payloads (e2e)', () => {
  let t: TestApp;
  let url: string;
  let generalId: string;
  const sockets: ChatClient[] = [];

  async function join(member: TestMember): Promise<ChatClient> {
    const socket = await connect(url, member.accessToken);
    sockets.push(socket);
    const ack = await emit(socket, 'room:join', { roomId: generalId });
    expect(ack.ok).toBe(true);
    return socket;
  }

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      CHAT_BURST: '1000',
      CHAT_PER_SECOND: '1000',
    });
    url = await listen(t);
    const someone = await createMember(t);
    const rooms = await t.http().get('/api/rooms').set(someone.auth).expect(200);
    generalId = (rooms.body.items as { id: string; slug: string }[]).find(
      (room) => room.slug === 'general',
    )!.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('hides a reported message: the room hears it, history keeps a tombstone, the reporter is told', async () => {
    const author = await createMember(t);
    const reporter = await createMember(t);
    const moderator = await createModerator(t);
    const authorSocket = await join(author);
    const watcher = await join(reporter);
    const deletions = record(watcher, 'message:deleted');

    const sent = await emit(authorSocket, 'message:send', {
      roomId: generalId,
      clientMsgId: randomUUID(),
      body: '加我微信领优惠券',
    });
    expect(sent.ok).toBe(true);
    const message = sent.message as { id: string; seq: number };

    const created = await t
      .http()
      .post('/api/reports')
      .set(reporter.auth)
      .send({ targetType: 'message', targetId: message.id, reason: '广告' })
      .expect(201);
    expect(created.body.targetAuthorId).toBe(author.id);

    await t
      .http()
      .post(`/api/moderation/reports/${created.body.id}/resolve`)
      .set(moderator.auth)
      .send({ action: 'hide_content' })
      .expect(200);

    expect(await deletions.next((event) => event.id === message.id)).toEqual({
      roomId: generalId,
      id: message.id,
    });
    const history = await t
      .http()
      .get(`/api/rooms/${generalId}/messages`)
      .query({ afterSeq: message.seq - 1, limit: 1 })
      .set(reporter.auth)
      .expect(200);
    expect(history.body.items).toEqual([
      { id: message.id, roomId: generalId, seq: message.seq, deleted: true },
    ]);
    expect(
      await countRows(t, 'audit_log', "action = 'report.content_hidden' AND target_id = $1", [
        message.id,
      ]),
    ).toBe(1);
    // The moderators' queue still shows the message, hidden, in its room.
    const resolved = await t
      .http()
      .get('/api/moderation/reports')
      .query({ status: 'resolved', limit: 100 })
      .set(moderator.auth)
      .expect(200);
    expect(
      (resolved.body.items as { id: string }[]).find((item) => item.id === created.body.id),
    ).toMatchObject({
      reporter: { id: reporter.id, displayName: reporter.displayName },
      targetAuthor: { id: author.id, displayName: author.displayName },
      content: {
        text: '加我微信领优惠券',
        place: { type: 'room', id: generalId, title: expect.any(String) },
        removed: 'hidden',
      },
    });
    const notes = await t.http().get('/api/notifications').set(reporter.auth).expect(200);
    expect(notes.body.items[0]).toMatchObject({
      type: 'report_resolved',
      data: { targetType: 'message', targetId: message.id },
    });
  });

  it('refuses a report on a message of a room the reporter may not join with 404', async () => {
    const golden = await createGoldenCrownMember(t);
    const member = await createMember(t);
    const rooms = await t.http().get('/api/rooms').set(golden.auth).expect(200);
    const lounge = (rooms.body.items as { id: string; slug: string }[]).find(
      (room) => room.slug === 'golden-crown-lounge',
    )!;
    const socket = await connect(url, golden.accessToken);
    sockets.push(socket);
    expect((await emit(socket, 'room:join', { roomId: lounge.id })).ok).toBe(true);
    const sent = await emit(socket, 'message:send', {
      roomId: lounge.id,
      clientMsgId: randomUUID(),
      body: '金冠内部消息',
    });
    const res = await t
      .http()
      .post('/api/reports')
      .set(member.auth)
      .send({ targetType: 'message', targetId: (sent.message as { id: string }).id, reason: 'x' });
    expect(res.status).toBe(404);
  });

  it('answers every hostile event payload with an error ack, and keeps serving the others', async () => {
    const fuzzer = await createMember(t);
    const bystander = await createMember(t);
    const socket = await connect(url, fuzzer.accessToken);
    sockets.push(socket);
    const other = await join(bystander);
    const before = await countRows(t, 'messages');

    const hostile = fc.oneof(
      fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }),
      fc.record({
        roomId: fc.oneof(
          fc.string(),
          fc.constant(generalId),
          fc.integer(),
          fc.constant({ $ne: null }),
        ),
        clientMsgId: fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.constant(null)),
        body: fc.oneof(
          fc.constant(''),
          fc.constant('x'.repeat(4001)),
          fc.integer(),
          fc.constant(['a']),
        ),
        afterSeq: fc.oneof(fc.integer(), fc.string(), fc.double()),
        __proto__: fc.constant({ polluted: true }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('room:join', 'room:leave', 'message:send', 'typing'),
        hostile,
        async (event, payload) => {
          const ack = await emit(socket, event, payload);
          return typeof ack === 'object' && ack !== null && (ack.ok === false || ack.ok === true);
        },
      ),
      { numRuns: 150, seed: 5 },
    );
    // Nothing was stored by a malformed send (valid joins/leaves may have happened), nobody was
    // disconnected, and the room still works for the others.
    expect(await countRows(t, 'messages')).toBe(before);
    expect(socket.connected).toBe(true);
    expect(other.connected).toBe(true);
    const still = await emit(other, 'message:send', {
      roomId: generalId,
      clientMsgId: randomUUID(),
      body: '还在',
    });
    expect(still.ok).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

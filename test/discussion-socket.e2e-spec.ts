import { randomUUID } from 'node:crypto';
import type { MessageDto } from '../src/modules/discussion/dto/message.dto';
import type { SendAck } from '../src/modules/discussion/discussion.events';
import { DiscussionServer } from '../src/modules/discussion/discussion-server';
import { Member } from '../src/modules/members/member.entity';
import { MembersService } from '../src/modules/members/members.service';
import {
  closeOnServer,
  connect,
  connectError,
  disconnected,
  listen,
  record,
  type ChatClient,
} from './support/discussion-client';
import {
  countRows,
  createGoldenCrownMember,
  createMember,
  createRoom,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/** Fails the test with the refusal when an ack is not `ok`. */
function sent(ack: SendAck): MessageDto {
  if (!ack.ok) throw new Error(`message:send refused: ${ack.code} ${ack.message}`);
  return ack.message;
}

describe('Real-time discussion over Socket.IO', () => {
  let t: TestApp;
  let url: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      CHAT_BURST: '1000',
      CHAT_PER_SECOND: '100',
    });
    url = await listen(t);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => t.close());

  async function client(member: TestMember): Promise<ChatClient> {
    const socket = await connect(url, member.accessToken);
    clients.push(socket);
    return socket;
  }

  async function joined(member: TestMember, roomId: string): Promise<ChatClient> {
    const socket = await client(member);
    const ack = await socket.emitWithAck('room:join', { roomId });
    expect(ack).toMatchObject({ ok: true });
    return socket;
  }

  const send = (socket: ChatClient, roomId: string, body: string, clientMsgId = randomUUID()) =>
    socket.emitWithAck('message:send', { roomId, clientMsgId, body });

  it('delivers a message to the other member once, with the seq of the sender’s ack', async () => {
    const { id: roomId } = await createRoom(t);
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const a = await joined(alice, roomId);
    const b = await joined(bob, roomId);
    const received = record(b, 'message:new');

    const message = sent(await send(a, roomId, '大家好, first message'));
    expect(message).toEqual({
      id: expect.any(String),
      roomId,
      seq: 1,
      clientMsgId: expect.any(String),
      body: '大家好, first message',
      author: { id: alice.id, displayName: alice.displayName, avatarUrl: null },
      createdAt: expect.any(String),
    });
    expect(await received.next((m) => m.id === message.id)).toEqual(message);

    // A second message is a fence: once it is in, every copy of the first would be too.
    const fence = sent(await send(a, roomId, 'fence'));
    await received.next((m) => m.id === fence.id);
    expect(received.seen.filter((m) => m.id === message.id)).toHaveLength(1);
    expect(fence.seq).toBe(2);
  });

  it('gives a reconnecting client exactly the messages it missed, in order', async () => {
    const { id: roomId } = await createRoom(t);
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const a = await joined(alice, roomId);
    const b = await joined(bob, roomId);
    const seen = sent(await send(a, roomId, 'seen by both'));
    b.close();

    const missed = [];
    for (const body of ['one', 'two', 'three']) missed.push(sent(await send(a, roomId, body)));

    const again = await client(bob);
    const ack = await again.emitWithAck('room:join', { roomId, afterSeq: seen.seq });
    expect(ack).toEqual({
      ok: true,
      room: expect.objectContaining({ id: roomId }),
      messages: missed,
      hasMore: false,
    });
  });

  it('answers the latest messages on a join without afterSeq', async () => {
    const { id: roomId } = await createRoom(t);
    const alice = await createMember(t);
    const a = await joined(alice, roomId);
    const first = sent(await send(a, roomId, 'first'));
    const other = await client(await createMember(t));
    const ack = await other.emitWithAck('room:join', { roomId });
    expect(ack).toMatchObject({ ok: true, messages: [first], hasMore: false });
  });

  it('stores and broadcasts a message sent three times with one clientMsgId once', async () => {
    const { id: roomId } = await createRoom(t);
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const a = await joined(alice, roomId);
    const b = await joined(bob, roomId);
    const received = record(b, 'message:new');
    const clientMsgId = randomUUID();

    const acks = [];
    for (let i = 0; i < 3; i += 1) acks.push(sent(await send(a, roomId, 'retry me', clientMsgId)));
    // Concurrent retries race on the unique index and still answer the stored message.
    const racing = await Promise.all([1, 2, 3].map(() => send(a, roomId, 'retry me', clientMsgId)));
    expect(new Set([...acks, ...racing.map(sent)].map((m) => m.id)).size).toBe(1);

    const fence = sent(await send(a, roomId, 'fence'));
    await received.next((m) => m.id === fence.id);
    expect(received.seen.filter((m) => m.clientMsgId === clientMsgId)).toHaveLength(1);
    expect(await countRows(t, 'messages', 'room_id = $1', [roomId])).toBe(2);
    expect(fence.seq).toBe(2);
  });

  describe('refuses', () => {
    it('a handshake without a token, or with a tampered one, as UNAUTHENTICATED', async () => {
      const member = await createMember(t);
      expect((await connectError(url, {})).message).toBe('UNAUTHENTICATED');
      const [header, payload, signature] = member.accessToken.split('.');
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      for (const token of [`${header}.${payload}.${flipped}`, 'not-a-jwt', '']) {
        expect((await connectError(url, { token })).message).toBe('UNAUTHENTICATED');
      }
    });

    it('a handshake from another origin, but not from the server’s own', async () => {
      const member = await createMember(t);
      const error = await connectError(url, {
        token: member.accessToken,
        origin: 'https://evil.example',
      });
      expect(error).toBeInstanceOf(Error);
      const own = await connect(url, member.accessToken, { origin: url });
      clients.push(own);
      expect(own.connected).toBe(true);
    });

    it('a suspended member’s handshake as MEMBER_SUSPENDED', async () => {
      const member = await createMember(t, { suspendedUntil: new Date(Date.now() + 86_400_000) });
      const error = await connectError(url, { token: member.accessToken });
      expect(error.message).toBe('MEMBER_SUSPENDED');
    });

    it('joining a golden_crown room as a standard member (FORBIDDEN), not as a Golden Crown one', async () => {
      const { id: roomId } = await createRoom(t, { kind: 'golden_crown' });
      const standard = await client(await createMember(t));
      expect(await standard.emitWithAck('room:join', { roomId })).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: expect.any(String),
      });
      const crowned = await client(await createGoldenCrownMember(t));
      expect(await crowned.emitWithAck('room:join', { roomId })).toMatchObject({ ok: true });
    });

    it('an unknown room as NOT_FOUND and a malformed payload as VALIDATION_FAILED', async () => {
      const socket = await client(await createMember(t));
      expect(await socket.emitWithAck('room:join', { roomId: randomUUID() })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      const bad = await socket.emitWithAck('room:join', { roomId: 'general' });
      expect(bad).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
      const extra = await socket.emitWithAck('room:join', {
        roomId: randomUUID(),
        admin: true,
      } as never);
      expect(extra).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    });

    it('sending to a room not joined as NOT_IN_ROOM, storing nothing', async () => {
      const { id: roomId } = await createRoom(t);
      const socket = await client(await createMember(t));
      expect(await send(socket, roomId, 'hello?')).toEqual({
        ok: false,
        code: 'NOT_IN_ROOM',
        message: expect.any(String),
      });
      await socket.emitWithAck('room:join', { roomId });
      await socket.emitWithAck('room:leave', { roomId });
      expect(await send(socket, roomId, 'hello?')).toMatchObject({
        ok: false,
        code: 'NOT_IN_ROOM',
      });
      expect(await countRows(t, 'messages', 'room_id = $1', [roomId])).toBe(0);
    });

    it('an empty or a 4,001-character body as VALIDATION_FAILED; 4,000 is fine', async () => {
      const { id: roomId } = await createRoom(t);
      const socket = await joined(await createMember(t), roomId);
      for (const body of ['', '   ', 'x'.repeat(4001)]) {
        expect(await send(socket, roomId, body)).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
      }
      expect(sent(await send(socket, roomId, '好'.repeat(4000))).body).toHaveLength(4000);
      expect(await countRows(t, 'messages', 'room_id = $1', [roomId])).toBe(1);
    });

    it('a frame over 64 KB by closing the socket', async () => {
      const { id: roomId } = await createRoom(t);
      const socket = await joined(await createMember(t), roomId);
      const closed = disconnected(socket);
      const oversized = { roomId, clientMsgId: randomUUID(), body: 'x'.repeat(70_000) };
      socket.emit('message:send', oversized, () => undefined);
      expect(await closed).toMatch(/transport (close|error)/);
      expect(await countRows(t, 'messages', 'room_id = $1', [roomId])).toBe(0);
    });
  });

  describe('limits', () => {
    it('refuses a member’s 21st socket as TOO_MANY_SOCKETS, not another member’s, and admits one once a socket closes', async () => {
      const member = await createMember(t);
      const open = [];
      for (let i = 0; i < 20; i += 1) open.push(await client(member));
      expect((await connectError(url, { token: member.accessToken })).message).toBe(
        'TOO_MANY_SOCKETS',
      );
      const other = await client(await createMember(t));
      expect(other.connected).toBe(true);

      await closeOnServer(t, open[0]);
      const again = await client(member);
      expect(await again.emitWithAck('room:leave', { roomId: randomUUID() })).toEqual({ ok: true });
      expect((await connectError(url, { token: member.accessToken })).message).toBe(
        'TOO_MANY_SOCKETS',
      );
    });

    it('counts a refused handshake nowhere: the member keeps all 20 places', async () => {
      const member = await createMember(t);
      for (let i = 0; i < 20; i += 1) await client(member);
      for (let i = 0; i < 3; i += 1) {
        expect((await connectError(url, { token: member.accessToken })).message).toBe(
          'TOO_MANY_SOCKETS',
        );
      }
      for (const socket of clients.splice(0, 20)) await closeOnServer(t, socket);
      for (let i = 0; i < 20; i += 1) await client(member);
    });

    it('answers room:join RATE_LIMITED past 30 in 10 s across the member’s sockets; malformed joins do not count', async () => {
      const [{ id: first }, { id: second }] = [await createRoom(t), await createRoom(t)];
      const member = await createMember(t);
      const tabs = [await client(member), await client(member)];
      for (let i = 0; i < 5; i += 1) {
        expect(await tabs[0].emitWithAck('room:join', { roomId: 'general' })).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
      }
      for (let i = 0; i < 30; i += 1) {
        expect(await tabs[i % 2].emitWithAck('room:join', { roomId: first })).toMatchObject({
          ok: true,
        });
      }
      expect(await tabs[0].emitWithAck('room:join', { roomId: second })).toEqual({
        ok: false,
        code: 'RATE_LIMITED',
        message: expect.any(String),
      });
      // The refused join joined nothing, and other members still join.
      expect(await send(tabs[0], second, 'in?')).toMatchObject({ ok: false, code: 'NOT_IN_ROOM' });
      await joined(await createMember(t), second);
    });

    it('refuses afterSeq outside 0..2^31-1 or not an integer as VALIDATION_FAILED, never a database error', async () => {
      const { id: roomId } = await createRoom(t);
      const socket = await client(await createMember(t));
      for (const afterSeq of [2 ** 31, 2 ** 53 + 2, 1e300, -1, 1.5, '5', null, [1], {}]) {
        expect(await socket.emitWithAck('room:join', { roomId, afterSeq } as never)).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
        });
      }
      expect(await socket.emitWithAck('room:join', { roomId, afterSeq: 2 ** 31 - 1 })).toEqual({
        ok: true,
        room: expect.objectContaining({ id: roomId }),
        messages: [],
        hasMore: false,
      });
    });
  });

  it('shows presence once per member, however many tabs, and updates it on leave', async () => {
    const { id: roomId } = await createRoom(t);
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const a = await joined(alice, roomId);
    const presence = record(a, 'presence');
    const bobTab1 = await joined(bob, roomId);
    await joined(bob, roomId);

    const ids = (p: { online: { id: string }[] }) => p.online.map((m) => m.id).sort();
    const both = [alice.id, bob.id].sort();
    const withBob = await presence.next(
      (p) => p.roomId === roomId && JSON.stringify(ids(p)) === JSON.stringify(both),
    );
    expect(withBob.online).toHaveLength(2);
    expect(withBob.online).toContainEqual({ id: bob.id, displayName: bob.displayName });

    // One tab closing leaves Bob online; leaving with the other takes him off.
    bobTab1.close();
    const tab2 = clients[clients.length - 1];
    await tab2.emitWithAck('room:leave', { roomId });
    await presence.next((p) => p.roomId === roomId && ids(p).join() === alice.id);
  });

  it('relays typing to the others, at most once per member and room every 2 s', async () => {
    const { id: roomId } = await createRoom(t);
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const a = await joined(alice, roomId);
    const b = await joined(bob, roomId);
    const typing = record(b, 'typing');
    const messages = record(b, 'message:new');
    for (let i = 0; i < 3; i += 1) {
      expect(await a.emitWithAck('typing', { roomId })).toEqual({ ok: true });
    }
    const fence = sent(await send(a, roomId, 'fence'));
    await messages.next((m) => m.id === fence.id);
    expect(typing.seen).toEqual([
      { roomId, member: { id: alice.id, displayName: alice.displayName } },
    ]);
  });

  it('deletes a message: the room gets message:deleted, history a tombstone', async () => {
    const { id: roomId } = await createRoom(t);
    const [alice, bob] = [await createMember(t), await createMember(t)];
    const a = await joined(alice, roomId);
    const b = await joined(bob, roomId);
    const deleted = record(b, 'message:deleted');
    const message = sent(await send(a, roomId, 'regrettable'));

    await t.http().delete(`/api/messages/${message.id}`).set(alice.auth).expect(204);
    expect(await deleted.next()).toEqual({ roomId, id: message.id });

    const history = await t.http().get(`/api/rooms/${roomId}/messages`).set(bob.auth).expect(200);
    expect(history.body).toEqual({
      items: [{ id: message.id, roomId, seq: 1, deleted: true }],
      nextCursor: null,
    });
    const rejoin = await client(bob);
    expect(await rejoin.emitWithAck('room:join', { roomId, afterSeq: 0 })).toMatchObject({
      messages: [{ id: message.id, roomId, seq: 1, deleted: true }],
    });
  });

  it('gives concurrent senders the seqs 1..60 with no gap and no repeat', async () => {
    const { id: roomId } = await createRoom(t);
    const sockets = await Promise.all(
      [1, 2, 3].map(async () => joined(await createMember(t), roomId)),
    );
    const acks = await Promise.all(
      sockets.flatMap((socket, s) =>
        Array.from({ length: 20 }, (_, i) => send(socket, roomId, `sender ${s} message ${i}`)),
      ),
    );
    const seqs = acks.map((ack) => sent(ack).seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const [stored] = await t.dataSource.query<{ count: number; max: number; last: number }[]>(
      `SELECT count(*)::int AS count, max(m.seq) AS max, r.last_seq AS last
       FROM messages m JOIN rooms r ON r.id = m.room_id WHERE m.room_id = $1 GROUP BY r.last_seq`,
      [roomId],
    );
    expect(stored).toEqual({ count: 60, max: 60, last: 60 });
  });

  describe('follows the member’s current rights', () => {
    it('closes the socket of the session that logs out, not the others', async () => {
      const member = await createMember(t);
      const loggedOut = await client(member);
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: member.password })
        .expect(200);
      const otherSession = await connect(url, (login.body as { accessToken: string }).accessToken);
      clients.push(otherSession);
      const closed = disconnected(loggedOut);

      await t
        .http()
        .post('/api/auth/logout')
        .set(member.auth)
        .send({ refreshToken: member.refreshToken })
        .expect(204);
      expect(await closed).toBe('io server disconnect');
      // The other session still gets answers.
      expect(await otherSession.emitWithAck('room:leave', { roomId: randomUUID() })).toEqual({
        ok: true,
      });
      expect((await connectError(url, { token: member.accessToken })).message).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('disconnects a member who is suspended', async () => {
      const member = await createMember(t);
      const socket = await client(member);
      const closed = disconnected(socket);
      await t.dataSource
        .getRepository(Member)
        .update({ id: member.id }, { suspendedUntil: new Date(Date.now() + 86_400_000) });
      await t.app.get(MembersService).changed(member.id);
      expect(await closed).toBe('io server disconnect');
    });

    it('refuses a send as MEMBER_SUSPENDED when the suspension is known before its event', async () => {
      const { id: roomId } = await createRoom(t);
      const member = await createMember(t);
      const socket = await joined(member, roomId);
      await t.dataSource
        .getRepository(Member)
        .update({ id: member.id }, { suspendedUntil: new Date(Date.now() + 86_400_000) });
      // As another process would: the cache is dropped, the event has not arrived here yet.
      t.app.get(MembersService).forget({ memberId: member.id });
      expect(await send(socket, roomId, 'still here?')).toMatchObject({
        ok: false,
        code: 'MEMBER_SUSPENDED',
      });
      expect(await countRows(t, 'messages', 'room_id = $1', [roomId])).toBe(0);
    });

    it('takes a member who lost the Golden Crown out of golden_crown rooms', async () => {
      const { id: lounge } = await createRoom(t, { kind: 'golden_crown' });
      const { id: open } = await createRoom(t);
      const member = await createGoldenCrownMember(t);
      const socket = await joined(member, lounge);
      await socket.emitWithAck('room:join', { roomId: open });
      sent(await send(socket, lounge, 'while crowned'));

      const members = t.app.get(MembersService);
      await t.dataSource.transaction((em) => members.setTier(em, member.id, 'standard'));
      await members.changed(member.id);

      // Once changed() has resolved, the socket has left the lounge: its very next send is
      // NOT_IN_ROOM, not the FORBIDDEN of a socket still in the room (and it may not come back).
      const onServer = t.app.get(DiscussionServer).nsp?.sockets.get(socket.id ?? '');
      expect(onServer?.rooms.has(`room:${lounge}`)).toBe(false);
      expect(await send(socket, lounge, 'after the crown')).toMatchObject({
        ok: false,
        code: 'NOT_IN_ROOM',
      });
      expect(await socket.emitWithAck('room:join', { roomId: lounge })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(sent(await send(socket, open, 'still in the open room')).body).toBe(
        'still in the open room',
      );
    });
  });
});

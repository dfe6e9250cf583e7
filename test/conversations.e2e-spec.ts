import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DEMO_CONVERSATIONS, seedDemoConversations } from '../src/cli/seed/demo-conversations';
import { seedUuid } from '../src/cli/seed/random';
import { ConversationsService } from '../src/modules/discussion/conversations.service';
import type { ConversationDto } from '../src/modules/discussion/dto/conversation.dto';
import { Member } from '../src/modules/members/member.entity';
import type { HistoryItem, MessageDto } from '../src/modules/discussion/dto/message.dto';
import type { RoomListItemDto } from '../src/modules/discussion/dto/room.dto';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import {
  countRows,
  createMember,
  createModerator,
  createRoom,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Ack {
  ok: boolean;
  code?: string;
  [key: string]: unknown;
}

/** Emits any event with any payload (hostile ones included) and waits for the ack. */
function emit(socket: ChatClient, event: string, payload: unknown): Promise<Ack> {
  return new Promise((resolve) => {
    (socket as unknown as { emit: (e: string, p: unknown, ack: (a: Ack) => void) => void }).emit(
      event,
      payload,
      resolve,
    );
  });
}

describe('Direct conversations (e2e)', () => {
  let t: TestApp;
  let url: string;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '100000',
      CHAT_BURST: '100000',
      CHAT_PER_SECOND: '1000',
      DM_NEW_CONVERSATIONS_PER_DAY: '3',
    });
    url = await listen(t);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  async function socketOf(member: TestMember): Promise<ChatClient> {
    const socket = await connect(url, member.accessToken);
    sockets.push(socket);
    return socket;
  }

  async function start(author: TestMember, others: TestMember[], body = '你好') {
    return t
      .http()
      .post('/api/conversations')
      .set(author.auth)
      .send({ memberIds: others.map((other) => other.id), body });
  }

  async function started(author: TestMember, others: TestMember[], body = '你好') {
    const res = await start(author, others, body);
    expect([200, 201]).toContain(res.status);
    return res.body as ConversationDto;
  }

  async function say(author: TestMember, conversationId: string, body: string) {
    const res = await t
      .http()
      .post(`/api/conversations/${conversationId}/messages`)
      .set(author.auth)
      .send({ clientMsgId: randomUUID(), body });
    expect(res.status).toBe(201);
    return res.body as MessageDto;
  }

  async function listOf(member: TestMember): Promise<ConversationDto[]> {
    const res = await t.http().get('/api/conversations').set(member.auth).expect(200);
    return res.body.items as ConversationDto[];
  }

  async function historyOf(member: TestMember, conversationId: string): Promise<HistoryItem[]> {
    const res = await t
      .http()
      .get(`/api/conversations/${conversationId}/messages`)
      .set(member.auth)
      .expect(200);
    return res.body.items as HistoryItem[];
  }

  describe('starting', () => {
    it('creates a conversation (201), then adds to the same set’s one (200), whatever the order of ids', async () => {
      const [alice, bob, carol] = [
        await createMember(t),
        await createMember(t),
        await createMember(t),
      ];
      const first = await start(alice, [bob, carol], '第一条');
      expect(first.status).toBe(201);
      const conversation = first.body as ConversationDto;
      expect(conversation).toEqual({
        id: expect.any(String),
        members: expect.arrayContaining([
          { id: alice.id, displayName: alice.displayName },
          { id: bob.id, displayName: bob.displayName },
          { id: carol.id, displayName: carol.displayName },
        ]),
        lastMessage: expect.objectContaining({
          roomId: conversation.id,
          conversationId: conversation.id,
          seq: 1,
          body: '第一条',
          author: { id: alice.id, displayName: alice.displayName, avatarUrl: null },
        }),
        unreadCount: 0,
        lastReadSeq: 0,
        muted: false,
      });
      expect(conversation.members).toHaveLength(3);

      // Own id and repeats ignored; another member of the set starting it finds the same one.
      const again = await t
        .http()
        .post('/api/conversations')
        .set(carol.auth)
        .send({ memberIds: [bob.id, alice.id, carol.id, bob.id], body: '第二条' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(conversation.id);
      expect(again.body.lastMessage).toMatchObject({ seq: 2, body: '第二条' });
      expect(
        await countRows(t, 'rooms', "kind = 'direct' AND member_key IS NOT NULL AND id = $1", [
          conversation.id,
        ]),
      ).toBe(1);

      const [bobsView] = (await listOf(bob)).filter((c) => c.id === conversation.id);
      expect(bobsView).toMatchObject({ unreadCount: 2, lastReadSeq: 0 });
      // A subset is another conversation.
      const pair = await start(alice, [bob]);
      expect(pair.status).toBe(201);
      expect(pair.body.id).not.toBe(conversation.id);
    });

    it('refuses malformed starts with 400 and unknown members with 404, storing nothing', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const before = await countRows(t, 'rooms', "kind = 'direct'");
      const bad: unknown[] = [
        {},
        { memberIds: [], body: 'x' },
        { memberIds: [alice.id], body: 'x' },
        { memberIds: [bob.id], body: '' },
        { memberIds: [bob.id], body: '   ' },
        { memberIds: [bob.id], body: 'x'.repeat(4001) },
        { memberIds: ['not-a-uuid'], body: 'x' },
        { memberIds: bob.id, body: 'x' },
        { memberIds: [bob.id], body: 'x', extra: true },
        { memberIds: [bob.id, null], body: 'x' },
        { memberIds: Array.from({ length: 10 }, () => randomUUID()), body: 'x' },
        { memberIds: Array.from({ length: 21 }, () => bob.id), body: 'x' },
        { memberIds: [bob.id], body: 12 },
      ];
      for (const body of bad) {
        const res = await t
          .http()
          .post('/api/conversations')
          .set(alice.auth)
          .send(body as object);
        expect({ body, status: res.status, code: res.body.code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      const unknown = await t
        .http()
        .post('/api/conversations')
        .set(alice.auth)
        .send({ memberIds: [bob.id, UNKNOWN_ID], body: 'x' });
      expect(unknown.status).toBe(404);
      expect(await countRows(t, 'rooms', "kind = 'direct'")).toBe(before);
    });

    it('keeps to DM_NEW_CONVERSATIONS_PER_DAY new conversations; a known set is free', async () => {
      const author = await createMember(t);
      const others = [];
      for (let i = 0; i < 4; i++) others.push(await createMember(t));
      for (let i = 0; i < 3; i++) expect((await start(author, [others[i]])).status).toBe(201);
      const refused = await start(author, [others[3]]);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The existing conversations still take messages through the start route.
      expect((await start(author, [others[0]])).status).toBe(200);
      // Someone else starting one with the author is their own count.
      expect((await start(others[3], [author])).status).toBe(201);
    });

    it('refuses a suspended member (403 MEMBER_SUSPENDED) but lets them read', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob]);
      const moderator = await createModerator(t);
      await t
        .http()
        .post(`/api/moderation/members/${bob.id}/suspend`)
        .set(moderator.auth)
        .send({ until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'spam' })
        .expect(200);
      const res = await start(bob, [alice]);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
      const send = await t
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(bob.auth)
        .send({ clientMsgId: randomUUID(), body: 'x' });
      expect(send.body.code).toBe('MEMBER_SUSPENDED');
      expect(await historyOf(bob, conversation.id)).toHaveLength(1);
      await t
        .http()
        .post(`/api/conversations/${conversation.id}/read`)
        .set(bob.auth)
        .send({ seq: 1 })
        .expect(204);
    });
  });

  describe('blocks and dmFrom', () => {
    it('stops conversations and messages both ways: BLOCKED to the blocker, DM_NOT_ALLOWED to the blocked', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const carol = await createMember(t);
      const conversation = await started(alice, [bob]);
      await t.http().put(`/api/members/${bob.id}/block`).set(alice.auth).expect(200);

      const byBlocker = await start(alice, [bob]);
      expect([byBlocker.status, byBlocker.body.code]).toEqual([403, 'BLOCKED']);
      const byBlocked = await start(bob, [alice]);
      expect([byBlocked.status, byBlocked.body.code]).toEqual([403, 'DM_NOT_ALLOWED']);
      expect(JSON.stringify(byBlocked.body)).not.toMatch(/block/i);
      // No group with a blocked pair in it, whoever starts it.
      const group = await start(carol, [alice, bob]);
      expect(group.status).toBe(201);
      // …carol may: the pair is alice and bob. But neither of them can write in it.
      const inGroup = await t
        .http()
        .post(`/api/conversations/${group.body.id}/messages`)
        .set(bob.auth)
        .send({ clientMsgId: randomUUID(), body: 'x' });
      expect(inGroup.body.code).toBe('DM_NOT_ALLOWED');

      for (const [who, code] of [
        [alice, 'BLOCKED'],
        [bob, 'DM_NOT_ALLOWED'],
      ] as const) {
        const res = await t
          .http()
          .post(`/api/conversations/${conversation.id}/messages`)
          .set(who.auth)
          .send({ clientMsgId: randomUUID(), body: 'x' });
        expect([res.status, res.body.code]).toEqual([403, code]);
        const socket = await socketOf(who);
        const ack = await emit(socket, 'message:send', {
          roomId: conversation.id,
          clientMsgId: randomUUID(),
          body: 'x',
        });
        expect(ack).toMatchObject({ ok: false, code });
      }
      expect(await countRows(t, 'messages', 'room_id = $1', [conversation.id])).toBe(1);

      // Unblocked: they talk again.
      await t.http().delete(`/api/members/${bob.id}/block`).set(alice.auth).expect(200);
      await say(bob, conversation.id, 'hello again');
    });

    it('refuses a conversation with a blocked pair when the starter blocked one of them', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const carol = await createMember(t);
      await t.http().put(`/api/members/${alice.id}/block`).set(carol.auth).expect(200);
      const res = await start(alice, [bob, carol]);
      expect([res.status, res.body.code]).toEqual([403, 'DM_NOT_ALLOWED']);
    });

    it('honours dmFrom: nobody refuses, following accepts only those the recipient follows', async () => {
      const alice = await createMember(t);
      const shy = await createMember(t);
      const picky = await createMember(t);
      await t.http().patch('/api/members/me').set(shy.auth).send({ dmFrom: 'nobody' }).expect(200);
      await t
        .http()
        .patch('/api/members/me')
        .set(picky.auth)
        .send({ dmFrom: 'following' })
        .expect(200);

      const toShy = await start(alice, [shy]);
      expect([toShy.status, toShy.body.code]).toEqual([403, 'DM_NOT_ALLOWED']);
      const toPicky = await start(alice, [picky]);
      expect([toPicky.status, toPicky.body.code]).toEqual([403, 'DM_NOT_ALLOWED']);
      await t.http().put(`/api/members/${alice.id}/follow`).set(picky.auth).expect(200);
      expect((await start(alice, [picky])).status).toBe(201);
      // The rule is the recipient's: picky may write to alice (dmFrom everyone).
      expect((await start(picky, [shy])).body.code).toBe('DM_NOT_ALLOWED');
    });
  });

  describe('reading and sending', () => {
    it('keeps conversations out of the rooms API and away from everyone but their members, moderators included', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const outsider = await createMember(t);
      const moderator = await createModerator(t);
      const conversation = await started(alice, [bob], '私聊');

      const rooms = await t.http().get('/api/rooms').set(alice.auth).expect(200);
      expect((rooms.body.items as { id: string }[]).map((room) => room.id)).not.toContain(
        conversation.id,
      );
      await t.http().get(`/api/rooms/${conversation.id}/messages`).set(alice.auth).expect(404);

      for (const who of [outsider, moderator]) {
        await t
          .http()
          .get(`/api/conversations/${conversation.id}/messages`)
          .set(who.auth)
          .expect(404);
        await t
          .http()
          .post(`/api/conversations/${conversation.id}/messages`)
          .set(who.auth)
          .send({ clientMsgId: randomUUID(), body: 'x' })
          .expect(404);
        await t
          .http()
          .post(`/api/conversations/${conversation.id}/read`)
          .set(who.auth)
          .send({ seq: 1 })
          .expect(404);
        await t
          .http()
          .post(`/api/conversations/${conversation.id}/leave`)
          .set(who.auth)
          .expect(404);
        await t
          .http()
          .put(`/api/conversations/${conversation.id}/mute`)
          .set(who.auth)
          .send({ muted: true })
          .expect(404);
        expect((await listOf(who)).map((c) => c.id)).not.toContain(conversation.id);
        const socket = await socketOf(who);
        expect(await emit(socket, 'room:join', { roomId: conversation.id })).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
        expect(
          await emit(socket, 'message:send', {
            roomId: conversation.id,
            clientMsgId: randomUUID(),
            body: 'x',
          }),
        ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
        expect(await emit(socket, 'room:read', { roomId: conversation.id, seq: 1 })).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
        expect(await emit(socket, 'typing', { roomId: conversation.id })).toMatchObject({
          ok: false,
        });
      }
      // Nor may a moderator delete a direct message; only its author.
      const [first] = await historyOf(alice, conversation.id);
      await t.http().delete(`/api/messages/${first.id}`).set(moderator.auth).expect(404);
      await t.http().delete(`/api/messages/${first.id}`).set(bob.auth).expect(404);
      await t.http().delete(`/api/messages/${first.id}`).set(alice.auth).expect(204);
      expect(await historyOf(bob, conversation.id)).toEqual([
        {
          id: first.id,
          roomId: conversation.id,
          conversationId: conversation.id,
          seq: 1,
          deleted: true,
        },
      ]);
    });

    it('sends over HTTP idempotently on clientMsgId, with gapless seq and history windows', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob], 'one');
      const clientMsgId = randomUUID();
      const first = await t
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(bob.auth)
        .send({ clientMsgId, body: 'two' })
        .expect(201);
      const retry = await t
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(bob.auth)
        .send({ clientMsgId, body: 'two' })
        .expect(200);
      expect(retry.body).toEqual(first.body);
      expect(first.body).toMatchObject({ seq: 2, conversationId: conversation.id });
      for (let i = 3; i <= 6; i++) await say(i % 2 ? alice : bob, conversation.id, `m${i}`);

      const after = await t
        .http()
        .get(`/api/conversations/${conversation.id}/messages`)
        .query({ afterSeq: 2, limit: 2 })
        .set(alice.auth)
        .expect(200);
      expect(after.body.items.map((m: HistoryItem) => m.seq)).toEqual([3, 4]);
      const before = await t
        .http()
        .get(`/api/conversations/${conversation.id}/messages`)
        .query({ beforeSeq: 3 })
        .set(alice.auth)
        .expect(200);
      expect(before.body.items.map((m: HistoryItem) => m.seq)).toEqual([1, 2]);
      for (const query of [
        { afterSeq: -1 },
        { beforeSeq: 0 },
        { limit: 101 },
        { afterSeq: 'x' },
        { afterSeq: '1e400' },
      ]) {
        const res = await t
          .http()
          .get(`/api/conversations/${conversation.id}/messages`)
          .query(query)
          .set(alice.auth);
        expect(res.status).toBe(400);
      }
    });

    it('reaches every member’s sockets without joining, carries conversationId, and takes message:send and room:read', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob]);
      const bobPhone = await socketOf(bob);
      const bobDesk = await socketOf(bob);
      const phoneMessages = record(bobPhone, 'message:new');
      const deskReads = record(bobDesk, 'room:read');

      const aliceSocket = await socketOf(alice);
      const clientMsgId = randomUUID();
      const ack = await emit(aliceSocket, 'message:send', {
        roomId: conversation.id,
        clientMsgId,
        body: '在吗？',
      });
      expect(ack).toMatchObject({ ok: true });
      const message = ack.message as MessageDto;
      expect(message).toMatchObject({
        roomId: conversation.id,
        conversationId: conversation.id,
        seq: 2,
      });
      expect(await phoneMessages.next((m) => m.id === message.id)).toEqual(message);
      // A retry answers the stored message and sends nothing new.
      const retry = await emit(aliceSocket, 'message:send', {
        roomId: conversation.id,
        clientMsgId,
        body: '在吗？',
      });
      expect(retry.message).toEqual(message);

      // Joining answers history; reading moves the position and tells the other socket.
      const joined = await emit(bobPhone, 'room:join', { roomId: conversation.id, afterSeq: 0 });
      expect(joined).toMatchObject({ ok: true, room: { id: conversation.id, kind: 'direct' } });
      expect((joined.messages as HistoryItem[]).map((m) => m.seq)).toEqual([1, 2]);
      expect((await listOf(bob)).find((c) => c.id === conversation.id)?.unreadCount).toBe(2);
      expect(await emit(bobPhone, 'room:read', { roomId: conversation.id, seq: 2 })).toEqual({
        ok: true,
        lastReadSeq: 2,
      });
      expect(await deskReads.next((r) => r.roomId === conversation.id)).toEqual({
        roomId: conversation.id,
        lastReadSeq: 2,
      });
      expect((await listOf(bob)).find((c) => c.id === conversation.id)?.unreadCount).toBe(0);
      expect(phoneMessages.seen.filter((m) => m.id === message.id)).toHaveLength(1);
    });

    it('counts unread messages: not own ones, not tombstones; read positions never move back nor past the end', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob], 'a1');
      await say(alice, conversation.id, 'a2');
      const a3 = await say(alice, conversation.id, 'a3');
      await say(bob, conversation.id, 'b4');
      const unread = async (member: TestMember) =>
        (await listOf(member)).find((c) => c.id === conversation.id)!;
      expect((await unread(bob)).unreadCount).toBe(3);
      expect((await unread(alice)).unreadCount).toBe(1);
      await t.http().delete(`/api/messages/${a3.id}`).set(alice.auth).expect(204);
      expect((await unread(bob)).unreadCount).toBe(2);

      const read = (member: TestMember, seq: unknown) =>
        t.http().post(`/api/conversations/${conversation.id}/read`).set(member.auth).send({ seq });
      expect((await read(bob, 2)).status).toBe(204);
      expect(await unread(bob)).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
      expect((await read(bob, 1)).status).toBe(204);
      expect((await unread(bob)).lastReadSeq).toBe(2);
      expect((await read(bob, 1_000_000)).status).toBe(204);
      expect((await unread(bob)).lastReadSeq).toBe(4);
      for (const seq of [-1, 1.5, 'x', null, 2 ** 31, '1e400']) {
        expect((await read(bob, seq)).status).toBe(400);
      }
    });

    it('orders conversations by latest activity and pages them with a cursor', async () => {
      const me = await createMember(t);
      const peers = [await createMember(t), await createMember(t), await createMember(t)];
      const ids = [];
      for (const peer of peers) ids.push((await started(peer, [me])).id);
      await say(peers[0], ids[0], 'newest');
      const first = await t
        .http()
        .get('/api/conversations')
        .query({ limit: 2 })
        .set(me.auth)
        .expect(200);
      expect(first.body.items.map((c: ConversationDto) => c.id)).toEqual([ids[0], ids[2]]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t
        .http()
        .get('/api/conversations')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(me.auth)
        .expect(200);
      expect(second.body).toEqual({
        items: [expect.objectContaining({ id: ids[1] })],
        nextCursor: null,
      });
      for (const cursor of ['x', Buffer.from('["1","2"]').toString('base64url'), '\u0000']) {
        await t.http().get('/api/conversations').query({ cursor }).set(me.auth).expect(400);
      }
    });

    it('leaves: gone for the leaver, kept by the others; the same set started again brings them back', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob]);
      const bobSocket = await socketOf(bob);
      expect((await emit(bobSocket, 'room:join', { roomId: conversation.id })).ok).toBe(true);
      await t.http().post(`/api/conversations/${conversation.id}/leave`).set(bob.auth).expect(204);
      expect((await listOf(bob)).map((c) => c.id)).not.toContain(conversation.id);
      await t
        .http()
        .get(`/api/conversations/${conversation.id}/messages`)
        .set(bob.auth)
        .expect(404);
      expect(await emit(bobSocket, 'typing', { roomId: conversation.id })).toMatchObject({
        ok: false,
      });
      const alices = await listOf(alice);
      expect(alices.find((c) => c.id === conversation.id)?.members.map((m) => m.id)).toEqual([
        alice.id,
      ]);

      const back = await start(alice, [bob], 'come back');
      expect(back.status).toBe(200);
      const bobs = await listOf(bob);
      expect(bobs.find((c) => c.id === conversation.id)).toMatchObject({ unreadCount: 1 });
    });
  });

  describe('notifications', () => {
    it('keeps one unread direct_message notification per conversation, updated; muted makes none; reading marks it read', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob], 'n1');
      const bobSocket = await socketOf(bob);
      const live = record(bobSocket, 'notification');
      await say(alice, conversation.id, 'n2');
      await live.next((n) => n.type === 'direct_message');
      await say(alice, conversation.id, 'n3');

      interface Note {
        type: string;
        readAt: string | null;
      }
      const notes = async (member: TestMember): Promise<Note[]> => {
        const res = await t.http().get('/api/notifications').set(member.auth).expect(200);
        return (res.body.items as Note[]).filter((n) => n.type === 'direct_message');
      };
      const [note, ...rest] = await notes(bob);
      expect(rest).toEqual([]);
      expect(note).toMatchObject({
        readAt: null,
        data: {
          conversationId: conversation.id,
          seq: 3,
          count: 3,
          actorId: alice.id,
          actorName: alice.displayName,
        },
      });
      expect(JSON.stringify(note)).not.toContain('n3');
      expect(await notes(alice)).toEqual([]);

      await t
        .http()
        .post(`/api/conversations/${conversation.id}/read`)
        .set(bob.auth)
        .send({ seq: 3 })
        .expect(204);
      expect((await notes(bob))[0].readAt).not.toBeNull();

      const muted = await t
        .http()
        .put(`/api/conversations/${conversation.id}/mute`)
        .set(bob.auth)
        .send({ muted: true })
        .expect(200);
      expect(muted.body).toEqual({ muted: true });
      await say(alice, conversation.id, 'n4');
      expect((await notes(bob)).filter((n) => n.readAt === null)).toEqual([]);
      expect((await listOf(bob)).find((c) => c.id === conversation.id)).toMatchObject({
        muted: true,
        unreadCount: 1,
      });
      for (const body of [{}, { muted: 'yes' }, { muted: true, x: 1 }]) {
        await t
          .http()
          .put(`/api/conversations/${conversation.id}/mute`)
          .set(bob.auth)
          .send(body)
          .expect(400);
      }
    });
  });

  describe('reports', () => {
    it('shows a moderator a reported direct message with the five before it, and nothing else of the conversation', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const outsider = await createMember(t);
      const moderator = await createModerator(t);
      const conversation = await started(alice, [bob], 'm1');
      for (let i = 2; i <= 8; i++) await say(alice, conversation.id, `m${i}`);
      const history = await historyOf(bob, conversation.id);
      const reported = history[7] as MessageDto;
      expect(reported.body).toBe('m8');

      await t
        .http()
        .post('/api/reports')
        .set(outsider.auth)
        .send({ targetType: 'message', targetId: reported.id, reason: 'spam' })
        .expect(404);
      const report = await t
        .http()
        .post('/api/reports')
        .set(bob.auth)
        .send({ targetType: 'message', targetId: reported.id, reason: '骚扰' })
        .expect(201);

      const queue = await t
        .http()
        .get('/api/moderation/reports')
        .query({ status: 'open', limit: 100 })
        .set(moderator.auth)
        .expect(200);
      const item = (queue.body.items as { id: string; content: Record<string, unknown> }[]).find(
        (entry) => entry.id === report.body.id,
      )!;
      expect(item.content).toMatchObject({
        text: 'm8',
        place: { type: 'conversation', id: conversation.id },
        removed: null,
      });
      const context = item.content.context as { seq: number; text: string; authorId: string }[];
      expect(context.map((m) => [m.seq, m.text])).toEqual([
        [3, 'm3'],
        [4, 'm4'],
        [5, 'm5'],
        [6, 'm6'],
        [7, 'm7'],
      ]);
      expect(JSON.stringify(queue.body)).not.toContain('"m2"');
      await t
        .http()
        .get(`/api/conversations/${conversation.id}/messages`)
        .set(moderator.auth)
        .expect(404);

      // Hiding it leaves a tombstone the members see live.
      const bobSocket = await socketOf(bob);
      const deletions = record(bobSocket, 'message:deleted');
      await t
        .http()
        .post(`/api/moderation/reports/${report.body.id}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content' })
        .expect(200);
      expect(await deletions.next((d) => d.id === reported.id)).toEqual({
        roomId: conversation.id,
        id: reported.id,
      });
    });
  });

  describe('rooms’ read positions', () => {
    it('start at the room’s latest seq on first join; GET /api/rooms carries unreadCount and lastReadSeq', async () => {
      const room = await createRoom(t);
      const talker = await createMember(t);
      const reader = await createMember(t);
      const talkerSocket = await socketOf(talker);
      expect((await emit(talkerSocket, 'room:join', { roomId: room.id })).ok).toBe(true);
      const sendToRoom = (body: string) =>
        emit(talkerSocket, 'message:send', { roomId: room.id, clientMsgId: randomUUID(), body });
      await sendToRoom('before the reader came');
      await sendToRoom('also before');

      const roomOf = async (member: TestMember) =>
        (
          (await t.http().get('/api/rooms').set(member.auth).expect(200)).body
            .items as RoomListItemDto[]
        ).find((r) => r.id === room.id)!;
      expect(await roomOf(reader)).toMatchObject({ unreadCount: 0, lastReadSeq: null });

      const readerSocket = await socketOf(reader);
      expect((await emit(readerSocket, 'room:join', { roomId: room.id })).ok).toBe(true);
      expect(await roomOf(reader)).toMatchObject({ unreadCount: 0, lastReadSeq: 2 });
      await sendToRoom('three');
      const four = (await sendToRoom('four')).message as MessageDto;
      await emit(readerSocket, 'message:send', {
        roomId: room.id,
        clientMsgId: randomUUID(),
        body: 'mine',
      });
      expect(await roomOf(reader)).toMatchObject({ unreadCount: 2, lastReadSeq: 2 });
      expect(await roomOf(talker)).toMatchObject({ unreadCount: 1, lastReadSeq: 0 });
      await t.http().delete(`/api/messages/${four.id}`).set(talker.auth).expect(204);
      expect((await roomOf(reader)).unreadCount).toBe(1);

      // A second join keeps the position.
      await emit(readerSocket, 'room:leave', { roomId: room.id });
      await emit(readerSocket, 'room:join', { roomId: room.id });
      expect((await roomOf(reader)).lastReadSeq).toBe(2);
      expect(await emit(readerSocket, 'room:read', { roomId: room.id, seq: 5 })).toEqual({
        ok: true,
        lastReadSeq: 5,
      });
      expect(await roomOf(reader)).toMatchObject({ unreadCount: 0, lastReadSeq: 5 });
      // A room the member may not join is NOT_FOUND.
      const lounge = await createRoom(t, { kind: 'golden_crown' });
      expect(await emit(readerSocket, 'room:read', { roomId: lounge.id, seq: 1 })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
    });
  });

  describe('export and erasure', () => {
    it('exports conversations and read positions; an erased member’s direct messages become tombstones, the others keep the conversation', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob], '我的秘密');
      await say(bob, conversation.id, 'reply');
      await t.http().put(`/api/members/${bob.id}/block`).set(alice.auth).expect(200);

      const exported = await t.http().get('/api/members/me/export').set(alice.auth).expect(200);
      expect(exported.body.conversations).toEqual([
        {
          id: conversation.id,
          memberIds: expect.arrayContaining([alice.id, bob.id]),
          muted: false,
          startedByMe: true,
          joinedAt: expect.any(String),
        },
      ]);
      expect(exported.body.readPositions).toEqual([
        { roomId: conversation.id, lastReadSeq: 0, updatedAt: expect.any(String) },
      ]);
      expect(exported.body.blocks).toEqual([{ memberId: bob.id, createdAt: expect.any(String) }]);
      expect((exported.body.messages as { body: string }[]).map((m) => m.body)).toContain(
        '我的秘密',
      );

      await t
        .http()
        .delete('/api/members/me')
        .set(alice.auth)
        .send({ password: alice.password })
        .expect(204);

      const history = await historyOf(bob, conversation.id);
      expect(history[0]).toEqual({
        id: expect.any(String),
        roomId: conversation.id,
        conversationId: conversation.id,
        seq: 1,
        deleted: true,
      });
      expect(history[1]).toMatchObject({ body: 'reply' });
      expect(await countRows(t, 'messages', "author_id = $1 AND body <> ''", [alice.id])).toBe(0);
      expect(await countRows(t, 'conversation_members', 'member_id = $1', [alice.id])).toBe(0);
      expect(await countRows(t, 'room_read_positions', 'member_id = $1', [alice.id])).toBe(0);
      const [kept] = (await listOf(bob)).filter((c) => c.id === conversation.id);
      expect(kept.members.map((m) => m.id)).toEqual([bob.id]);
    });
  });

  describe('demo seed', () => {
    it('adds a few conversations between demo members, once, with gapless seq and unread messages', async () => {
      const handles = [...new Set(DEMO_CONVERSATIONS.flatMap((c) => c.handles))];
      for (const handle of handles) {
        await t.dataSource.getRepository(Member).save({
          id: seedUuid(`member:${handle}`),
          email: `${handle}-${randomUUID().slice(0, 6)}@demo.test`,
          displayName: handle,
        });
      }
      const lines = DEMO_CONVERSATIONS.reduce((sum, c) => sum + c.lines.length, 0);
      expect(await seedDemoConversations(t.dataSource)).toBe(lines);
      expect(await seedDemoConversations(t.dataSource)).toBe(0);
      const rooms = await t.dataSource.query<{ last_seq: number; n: number; max: number }[]>(
        `SELECT r.last_seq, count(m.id)::int AS n, max(m.seq) AS max FROM rooms r
         JOIN messages m ON m.room_id = r.id
         WHERE r.kind = 'direct' AND m.client_msg_id LIKE 'demo-dm:%' GROUP BY r.id`,
      );
      expect(rooms).toHaveLength(DEMO_CONVERSATIONS.length);
      for (const room of rooms) expect([room.max, room.last_seq]).toEqual([room.n, room.n]);
      const laogao = await t.app
        .get(ConversationsService)
        .list(seedUuid('member:laogao'), { limit: 20 });
      expect(laogao.items).toHaveLength(2);
      expect(laogao.items.some((c) => c.unreadCount > 0)).toBe(true);
    });
  });

  describe('fuzz', () => {
    it('answers hostile bodies on every conversation route with a 4xx, never a 5xx, storing nothing', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob]);
      const before = await countRows(t, 'messages');
      const rooms = await countRows(t, 'rooms');
      const routes: [string, string][] = [
        ['post', '/api/conversations'],
        ['post', `/api/conversations/${conversation.id}/messages`],
        ['post', `/api/conversations/${conversation.id}/read`],
        ['put', `/api/conversations/${conversation.id}/mute`],
        ['post', `/api/conversations/${UNKNOWN_ID}/messages`],
      ];
      const hostile = fc.oneof(
        fc.anything({ maxDepth: 3 }),
        fc.record({
          memberIds: fc.oneof(
            fc.array(fc.oneof(fc.string(), fc.uuid(), fc.constant('\u0000'))),
            fc.string(),
            fc.constant([UNKNOWN_ID]),
          ),
          body: fc.oneof(fc.string(), fc.constant(''), fc.constant('x'.repeat(5000)), fc.integer()),
          clientMsgId: fc.oneof(fc.string({ maxLength: 100 }), fc.constant('\u0000'), fc.integer()),
          seq: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(1e308)),
          muted: fc.oneof(fc.boolean(), fc.string()),
        }),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), hostile, async ([method, path], payload) => {
          const client = t.http() as unknown as Record<
            string,
            (p: string) => import('supertest').Test
          >;
          const res = await client[method](path)
            .set(alice.auth)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(payload) ?? 'null');
          return res.status < 500;
        }),
        { numRuns: 120, seed: 19 },
      );
      expect(await countRows(t, 'messages')).toBe(before);
      expect(await countRows(t, 'rooms')).toBe(rooms);
      for (const id of ['x', '%00', UNKNOWN_ID.replace(/0/g, 'g')]) {
        const res = await t.http().get(`/api/conversations/${id}/messages`).set(alice.auth);
        expect(res.status).toBe(400);
      }
    });

    it('answers hostile socket payloads for conversations with an error ack', async () => {
      const alice = await createMember(t);
      const bob = await createMember(t);
      const conversation = await started(alice, [bob]);
      const socket = await socketOf(alice);
      const before = await countRows(t, 'messages', 'room_id = $1', [conversation.id]);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('room:join', 'room:read', 'message:send', 'typing', 'room:leave'),
          fc.oneof(
            fc.anything({ maxDepth: 3 }),
            fc.record({
              roomId: fc.oneof(fc.constant(conversation.id), fc.string(), fc.integer()),
              seq: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 31)),
              clientMsgId: fc.oneof(fc.string({ maxLength: 100 }), fc.constant(null)),
              body: fc.oneof(fc.constant(''), fc.constant('x'.repeat(4001)), fc.integer()),
            }),
          ),
          async (event, payload) => {
            const ack = await emit(socket, event, payload);
            return typeof ack === 'object' && ack !== null && typeof ack.ok === 'boolean';
          },
        ),
        { numRuns: 120, seed: 7 },
      );
      expect(await countRows(t, 'messages', 'room_id = $1', [conversation.id])).toBe(before);
      expect(socket.connected).toBe(true);
    });
  });
});

describe('Direct conversations with verification required (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ EMAIL_VERIFICATION: 'required' });
  });
  afterAll(() => t.close());

  it('refuses starting a conversation before the address is verified: 403 EMAIL_NOT_VERIFIED', async () => {
    const unverified = await createMember(t, { emailVerified: false });
    const other = await createMember(t);
    const res = await t
      .http()
      .post('/api/conversations')
      .set(unverified.auth)
      .send({ memberIds: [other.id], body: 'hi' });
    expect([res.status, res.body.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
    // Checked before the body: a bad body is still EMAIL_NOT_VERIFIED.
    const bad = await t.http().post('/api/conversations').set(unverified.auth).send({});
    expect(bad.body.code).toBe('EMAIL_NOT_VERIFIED');
    const verified = await t
      .http()
      .post('/api/conversations')
      .set(other.auth)
      .send({ memberIds: [unverified.id], body: 'hi' });
    expect(verified.status).toBe(201);
  });
});

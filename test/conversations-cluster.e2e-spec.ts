import { randomUUID } from 'node:crypto';
import type { ConversationDto } from '../src/modules/discussion/dto/conversation.dto';
import type { HistoryItem, MessageDto } from '../src/modules/discussion/dto/message.dto';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import { countRows, createMember, createModerator, type TestMember } from './support/factories';
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

/*
 * Direct conversations across two server processes: they need a PostgreSQL server and a Redis
 * that both share (CI's second run sets DATABASE_URL and REDIS_URL); the embedded database
 * serves one process, so the block is left out there.
 */
if (process.env.REDIS_URL && process.env.DATABASE_URL) {
  describe('Direct conversations on two server processes (Redis, PostgreSQL)', () => {
    let one: TestApp;
    let two: TestApp;
    let urlOne: string;
    let urlTwo: string;
    const clients: ChatClient[] = [];

    beforeAll(async () => {
      const prefix = `laogao-test-${randomUUID().slice(0, 8)}:`;
      const limits = {
        REDIS_KEY_PREFIX: prefix,
        CHAT_BURST: '100',
        RATE_LIMIT_WRITE_PER_MINUTE: '1000',
        DM_NEW_CONVERSATIONS_PER_DAY: '3',
      };
      one = await createTestApp(limits);
      two = await createTestApp({
        ...limits,
        DATABASE_URL: one.config.DATABASE_URL ?? '',
        JWT_SECRET: one.config.JWT_SECRET ?? '',
      });
      urlOne = await listen(one);
      urlTwo = await listen(two);
    });
    afterAll(async () => {
      for (const client of clients) client.close();
      await two.close();
      await one.close();
    });

    async function socketOn(url: string, member: TestMember): Promise<ChatClient> {
      const socket = await connect(url, member.accessToken);
      clients.push(socket);
      return socket;
    }

    async function start(app: TestApp, author: TestMember, others: TestMember[], body: string) {
      const res = await app
        .http()
        .post('/api/conversations')
        .set(author.auth)
        .send({ memberIds: others.map((o) => o.id), body });
      expect(res.status).toBe(201);
      return res.body as ConversationDto;
    }

    it('delivers between members on two processes; a third member and a moderator can neither read nor join', async () => {
      const [alice, bob, carol] = [
        await createMember(one),
        await createMember(one),
        await createMember(one),
      ];
      const moderator = await createModerator(one);
      const conversation = await start(one, alice, [bob], 'hello from process one');

      // Bob is on process two and has not joined: the message still reaches his socket.
      const bobSocket = await socketOn(urlTwo, bob);
      const bobMessages = record(bobSocket, 'message:new');
      const aliceSocket = await socketOn(urlOne, alice);
      const sent = await emit(aliceSocket, 'message:send', {
        roomId: conversation.id,
        clientMsgId: randomUUID(),
        body: 'across processes',
      });
      expect(sent.ok).toBe(true);
      const message = sent.message as MessageDto;
      expect(await bobMessages.next((m) => m.id === message.id)).toEqual(message);
      expect(message.conversationId).toBe(conversation.id);

      // And back, through process two's HTTP API, to Alice's socket on process one.
      const aliceMessages = record(aliceSocket, 'message:new');
      const reply = await two
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(bob.auth)
        .send({ clientMsgId: randomUUID(), body: 'received' })
        .expect(201);
      expect(reply.body.seq).toBe(message.seq + 1);
      await aliceMessages.next((m) => m.id === reply.body.id);

      // Unread counts are the same whichever process answers.
      for (const app of [one, two]) {
        const list = await app.http().get('/api/conversations').set(bob.auth).expect(200);
        expect(list.body.items[0]).toMatchObject({ id: conversation.id, unreadCount: 2 });
      }

      for (const [outsider, url] of [
        [carol, urlTwo],
        [moderator, urlOne],
      ] as const) {
        const socket = await socketOn(url, outsider);
        const overheard = record(socket, 'message:new');
        expect(await emit(socket, 'room:join', { roomId: conversation.id })).toMatchObject({
          ok: false,
          code: 'NOT_FOUND',
        });
        for (const app of [one, two]) {
          await app
            .http()
            .get(`/api/conversations/${conversation.id}/messages`)
            .set(outsider.auth)
            .expect(404);
        }
        await emit(aliceSocket, 'message:send', {
          roomId: conversation.id,
          clientMsgId: randomUUID(),
          body: 'not for outsiders',
        });
        await bobMessages.next((m) => m.body === 'not for outsiders');
        expect(overheard.seen).toEqual([]);
      }
    });

    it('catches up after a dropped socket: a re-join with afterSeq gets what was missed', async () => {
      const [alice, bob] = [await createMember(one), await createMember(one)];
      const conversation = await start(one, alice, [bob], 'one');
      const bobSocket = await socketOn(urlTwo, bob);
      const first = await emit(bobSocket, 'room:join', { roomId: conversation.id, afterSeq: 0 });
      expect((first.messages as HistoryItem[]).map((m) => m.seq)).toEqual([1]);
      bobSocket.close();

      const aliceSocket = await socketOn(urlOne, alice);
      for (const body of ['two', 'three']) {
        const ack = await emit(aliceSocket, 'message:send', {
          roomId: conversation.id,
          clientMsgId: randomUUID(),
          body,
        });
        expect(ack.ok).toBe(true);
      }

      const again = await socketOn(urlTwo, bob);
      const caught = await emit(again, 'room:join', { roomId: conversation.id, afterSeq: 1 });
      expect(caught.ok).toBe(true);
      expect((caught.messages as MessageDto[]).map((m) => [m.seq, m.body])).toEqual([
        [2, 'two'],
        [3, 'three'],
      ]);
    });

    it('holds DM_NEW_CONVERSATIONS_PER_DAY across processes, even for starts at the same moment', async () => {
      const author = await createMember(one);
      const others = await Promise.all(Array.from({ length: 6 }, () => createMember(one)));
      const answers = await Promise.all(
        others.map((other, i) =>
          (i % 2 ? two : one)
            .http()
            .post('/api/conversations')
            .set(author.auth)
            .send({ memberIds: [other.id], body: `start ${i}` }),
        ),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([201, 201, 201, 429, 429, 429]);
      expect(
        await countRows(one, 'rooms', "kind = 'direct' AND created_by = $1", [author.id]),
      ).toBe(3);
    });

    it('starts one conversation per set when two of its members start it at the same moment', async () => {
      const [alice, bob] = [await createMember(one), await createMember(one)];
      const [a, b] = await Promise.all([
        one
          .http()
          .post('/api/conversations')
          .set(alice.auth)
          .send({ memberIds: [bob.id], body: 'a' }),
        two
          .http()
          .post('/api/conversations')
          .set(bob.auth)
          .send({ memberIds: [alice.id], body: 'b' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(await countRows(one, 'messages', 'room_id = $1', [a.body.id])).toBe(2);
    });
  });
} else {
  it('runs on PostgreSQL with Redis only (DATABASE_URL and REDIS_URL)', () => {
    expect(process.env.DATABASE_URL && process.env.REDIS_URL).toBeFalsy();
  });
}

import { randomUUID } from 'node:crypto';
import type { HistoryItem } from '../src/modules/discussion/dto/message.dto';
import type { RoomDto } from '../src/modules/discussion/dto/room.dto';
import { MessagesService } from '../src/modules/discussion/messages.service';
import { MembersService } from '../src/modules/members/members.service';
import {
  countRows,
  createAdmin,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createRoom,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Discussion rooms and history (REST)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  const slug = () => `room-${randomUUID().slice(0, 8)}`;

  /** Stores `count` messages by `author` through the service the gateway uses. */
  async function post(author: TestMember, roomId: string, count: number) {
    const messages = t.app.get(MessagesService);
    const sent = [];
    for (let i = 1; i <= count; i += 1) {
      sent.push((await messages.send(author, roomId, randomUUID(), `message ${i}`)).message);
    }
    return sent;
  }

  const seqs = (items: HistoryItem[]) => items.map((item) => item.seq);

  describe('GET /api/rooms', () => {
    it('has the two default rooms, and shows golden_crown ones only to those who may join', async () => {
      const lounge = await createRoom(t, { kind: 'golden_crown' });
      const standard = await createMember(t);
      const list = await t.http().get('/api/rooms').set(standard.auth).expect(200);
      const slugs = (list.body as { items: RoomDto[] }).items.map((room) => room.slug);
      expect(list.body.nextCursor).toBeNull();
      expect(slugs).toContain('general');
      expect(slugs).not.toContain('golden-crown-lounge');
      expect(slugs).not.toContain(lounge.slug);
      expect((list.body as { items: RoomDto[] }).items.find((r) => r.slug === 'general')).toEqual({
        id: expect.any(String),
        slug: 'general',
        name: '综合讨论',
        kind: 'open',
        description: expect.any(String),
        unreadCount: 0,
        lastReadSeq: null,
      });

      for (const member of [
        await createGoldenCrownMember(t),
        await createModerator(t),
        await createAdmin(t),
      ]) {
        const res = await t.http().get('/api/rooms').set(member.auth).expect(200);
        const rooms = (res.body as { items: RoomDto[] }).items;
        expect(rooms.map((room) => room.slug)).toEqual(
          expect.arrayContaining(['general', 'golden-crown-lounge', lounge.slug]),
        );
        expect(rooms.find((r) => r.slug === 'golden-crown-lounge')).toMatchObject({
          name: '金冠会客厅',
          kind: 'golden_crown',
        });
      }
    });

    it('needs a signed-in member', async () => {
      const res = await t.http().get('/api/rooms').expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('POST /api/rooms', () => {
    it('lets a moderator create a room, audited', async () => {
      const moderator = await createModerator(t);
      const body = { slug: slug(), name: '运营交流', kind: 'open', description: '日常运营' };
      const res = await t.http().post('/api/rooms').set(moderator.auth).send(body).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), ...body });
      expect(
        await countRows(
          t,
          'audit_log',
          "action = 'room.created' AND actor_id = $1 AND target_id = $2",
          [moderator.id, res.body.id],
        ),
      ).toBe(1);
    });

    it('refuses a member (403) and stores nothing', async () => {
      const member = await createMember(t);
      const body = { slug: slug(), name: 'Mine', kind: 'open' };
      const res = await t.http().post('/api/rooms').set(member.auth).send(body).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await countRows(t, 'rooms', 'slug = $1', [body.slug])).toBe(0);
    });

    it('refuses a taken slug with 409 CONFLICT', async () => {
      const moderator = await createModerator(t);
      const res = await t
        .http()
        .post('/api/rooms')
        .set(moderator.auth)
        .send({ slug: 'general', name: 'Again', kind: 'open' })
        .expect(409);
      expect(res.body.code).toBe('CONFLICT');
      expect(await countRows(t, 'rooms', "slug = 'general'")).toBe(1);
    });

    it('refuses a bad slug, kind or unknown property with 400 VALIDATION_FAILED', async () => {
      const moderator = await createModerator(t);
      for (const body of [
        { slug: 'Has Spaces', name: 'x', kind: 'open' },
        { slug: slug(), name: 'x', kind: 'secret' },
        { slug: slug(), name: '', kind: 'open' },
        { slug: slug(), name: 'x', kind: 'open', lastSeq: 100 },
      ]) {
        const res = await t.http().post('/api/rooms').set(moderator.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('GET /api/rooms/:id/messages', () => {
    it('pages by seq both ways, ascending, default latest', async () => {
      const room = await createRoom(t);
      const author = await createMember(t);
      await post(author, room.id, 12);
      const get = async (query: string) => {
        const res = await t
          .http()
          .get(`/api/rooms/${room.id}/messages${query}`)
          .set(author.auth)
          .expect(200);
        expect(res.body.nextCursor).toBeNull();
        return seqs((res.body as { items: HistoryItem[] }).items);
      };
      expect(await get('')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await get('?limit=5')).toEqual([8, 9, 10, 11, 12]);
      expect(await get('?afterSeq=3&limit=4')).toEqual([4, 5, 6, 7]);
      expect(await get('?afterSeq=10&limit=4')).toEqual([11, 12]);
      expect(await get('?beforeSeq=8&limit=3')).toEqual([5, 6, 7]);
      expect(await get('?beforeSeq=3&limit=10')).toEqual([1, 2]);
      expect(await get('?afterSeq=12')).toEqual([]);
      expect(await get('?afterSeq=2&beforeSeq=6')).toEqual([3, 4, 5]);
    });

    it('answers the message fields', async () => {
      const room = await createRoom(t);
      const author = await createMember(t);
      const [message] = await post(author, room.id, 1);
      const res = await t.http().get(`/api/rooms/${room.id}/messages`).set(author.auth).expect(200);
      expect(res.body.items).toEqual([
        {
          id: message.id,
          roomId: room.id,
          seq: 1,
          clientMsgId: message.clientMsgId,
          body: 'message 1',
          author: { id: author.id, displayName: author.displayName, avatarUrl: null },
          createdAt: message.createdAt,
        },
      ]);
    });

    it('refuses a bad limit or seq with 400', async () => {
      const room = await createRoom(t);
      const member = await createMember(t);
      for (const query of ['?limit=0', '?limit=101', '?afterSeq=-1', '?beforeSeq=abc']) {
        const res = await t.http().get(`/api/rooms/${room.id}/messages${query}`).set(member.auth);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('refuses a seq outside the int4 range of seq, or not an integer, with 400 (never a database error)', async () => {
      const room = await createRoom(t);
      const member = await createMember(t);
      for (const query of [
        '?afterSeq=2147483648',
        '?beforeSeq=2147483648',
        '?afterSeq=99999999999999999999',
        '?beforeSeq=1e400',
        '?afterSeq=1.5',
        '?beforeSeq=0',
        '?afterSeq=1&afterSeq=2',
        '?limit=1e3',
      ]) {
        const res = await t.http().get(`/api/rooms/${room.id}/messages${query}`).set(member.auth);
        expect({ query, status: res.status, code: res.body.code }).toEqual({
          query,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      for (const query of ['?afterSeq=2147483647', '?beforeSeq=2147483647']) {
        const res = await t
          .http()
          .get(`/api/rooms/${room.id}/messages${query}`)
          .set(member.auth)
          .expect(200);
        expect(res.body).toEqual({ items: [], nextCursor: null });
      }
    });

    it('hides a golden_crown room from a standard member (404), not from a Golden Crown one', async () => {
      const room = await createRoom(t, { kind: 'golden_crown' });
      const crowned = await createGoldenCrownMember(t);
      await post(crowned, room.id, 1);
      const standard = await createMember(t);
      const res = await t
        .http()
        .get(`/api/rooms/${room.id}/messages`)
        .set(standard.auth)
        .expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
      await t.http().get(`/api/rooms/${room.id}/messages`).set(crowned.auth).expect(200);
      await t.http().get(`/api/rooms/${randomUUID()}/messages`).set(crowned.auth).expect(404);
      await t.http().get('/api/rooms/not-a-uuid/messages').set(crowned.auth).expect(400);
    });
  });

  describe('DELETE /api/messages/:id', () => {
    it('lets the author delete, leaving a tombstone and no audit entry', async () => {
      const room = await createRoom(t);
      const author = await createMember(t);
      const [first, second] = await post(author, room.id, 2);
      await t.http().delete(`/api/messages/${first.id}`).set(author.auth).expect(204);
      const res = await t.http().get(`/api/rooms/${room.id}/messages`).set(author.auth).expect(200);
      expect(res.body.items).toEqual([
        { id: first.id, roomId: room.id, seq: 1, deleted: true },
        expect.objectContaining({ id: second.id, seq: 2, body: 'message 2' }),
      ]);
      expect(await countRows(t, 'audit_log', 'target_id = $1', [first.id])).toBe(0);
      const again = await t.http().delete(`/api/messages/${first.id}`).set(author.auth).expect(404);
      expect(again.body.code).toBe('NOT_FOUND');
    });

    it('lets a moderator delete another member’s message, audited in the same transaction', async () => {
      const room = await createRoom(t);
      const author = await createMember(t);
      const moderator = await createModerator(t);
      const [message] = await post(author, room.id, 1);
      await t.http().delete(`/api/messages/${message.id}`).set(moderator.auth).expect(204);
      expect(
        await countRows(
          t,
          'audit_log',
          "action = 'message.deleted' AND actor_id = $1 AND target_type = 'message' AND target_id = $2",
          [moderator.id, message.id],
        ),
      ).toBe(1);
      expect(
        await countRows(t, 'messages', 'id = $1 AND deleted_by = $2', [message.id, moderator.id]),
      ).toBe(1);
    });

    it('refuses another member (403) and hides messages of rooms one may not join (404)', async () => {
      const room = await createRoom(t);
      const author = await createMember(t);
      const [message] = await post(author, room.id, 1);
      const other = await createMember(t);
      const res = await t.http().delete(`/api/messages/${message.id}`).set(other.auth).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');

      const lounge = await createRoom(t, { kind: 'golden_crown' });
      const crowned = await createGoldenCrownMember(t);
      const [secret] = await post(crowned, lounge.id, 1);
      await t.http().delete(`/api/messages/${secret.id}`).set(other.auth).expect(404);
      await t.http().delete(`/api/messages/${randomUUID()}`).set(other.auth).expect(404);
      expect(
        await countRows(t, 'messages', 'deleted_at IS NOT NULL AND id IN ($1, $2)', [
          message.id,
          secret.id,
        ]),
      ).toBe(0);
    });

    it('refuses a suspended author with 403 MEMBER_SUSPENDED', async () => {
      const room = await createRoom(t);
      const author = await createMember(t);
      const [message] = await post(author, room.id, 1);
      await t.dataSource.query(
        `UPDATE members SET suspended_until = now() + interval '1 day' WHERE id = $1`,
        [author.id],
      );
      await t.app.get(MembersService).changed(author.id);
      const res = await t.http().delete(`/api/messages/${message.id}`).set(author.auth).expect(403);
      expect(res.body.code).toBe('MEMBER_SUSPENDED');
      expect(await countRows(t, 'messages', 'id = $1 AND deleted_at IS NULL', [message.id])).toBe(
        1,
      );
    });
  });

  it('documents every discussion route in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/rooms', '/api/rooms/{id}/messages', '/api/messages/{id}']),
    );
  });
});

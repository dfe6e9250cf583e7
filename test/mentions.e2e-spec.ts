import { randomUUID } from 'node:crypto';
import { rerenderBodies } from '../src/database/migrations/1797000000000-add-mentions';
import type { ConversationDto } from '../src/modules/discussion/dto/conversation.dto';
import { connect, listen, type ChatClient } from './support/discussion-client';
import {
  createComment,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  createRoom,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface Note {
  type: string;
  data: Record<string, unknown>;
}

/** A display name no other test member has. */
const uniqueName = (prefix: string) => `${prefix}${randomUUID().slice(0, 6)}`;

describe('Mentions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  async function mentionNotes(member: TestMember): Promise<Note[]> {
    const res = await t.http().get('/api/notifications').set(member.auth).expect(200);
    return (res.body.items as Note[]).filter((note) => note.type === 'mention');
  }

  const tag = (member: TestMember) => `@[${member.displayName}](${member.id})`;
  const link = (member: TestMember) =>
    `<a href="/members/${member.id}" class="mention" rel="nofollow ugc noopener">@${member.displayName}</a>`;

  it('links and notifies a member mentioned in a post, by autocomplete tag or plain @name', async () => {
    const author = await createMember(t);
    const tagged = await createMember(t);
    const named = await createMember(t, { displayName: uniqueName('Lin') });
    const post = await createPost(t, author, {
      body: `Thanks ${tag(tagged)} and @${named.displayName.toUpperCase()}, and @${author.displayName.split(' ')[0]}x`,
    });
    const read = await t.http().get(`/api/posts/${post.id}`).expect(200);
    expect(read.body.bodyHtml).toContain(link(tagged));
    expect(read.body.bodyHtml).toContain(link(named));
    for (const member of [tagged, named]) {
      const notes = await mentionNotes(member);
      expect(notes).toHaveLength(1);
      expect(notes[0].data).toMatchObject({
        postId: post.id,
        postTitle: post.title,
        actorId: author.id,
        actorName: author.displayName,
      });
    }
    expect(await mentionNotes(author)).toHaveLength(0);
  });

  it('does not mention by a plain @name that two members share, nor inside code', async () => {
    const name = uniqueName('Twin');
    const first = await createMember(t, { displayName: name });
    const second = await createMember(t, { displayName: name.toLowerCase() });
    const single = await createMember(t, { displayName: uniqueName('Solo') });
    const author = await createMember(t);
    const post = await createPost(t, author, {
      body: `@${name} and \`@${single.displayName}\``,
    });
    expect(post.bodyHtml).not.toContain('class="mention"');
    for (const member of [first, second, single])
      expect(await mentionNotes(member)).toHaveLength(0);
  });

  it('tells only those who can see the post: a standard member mentioned in a Golden Crown post gets nothing', async () => {
    const author = await createGoldenCrownMember(t);
    const standard = await createMember(t);
    const crowned = await createGoldenCrownMember(t);
    await createPost(t, author, {
      visibility: 'golden_crown',
      body: `${tag(standard)} ${tag(crowned)}`,
    });
    expect(await mentionNotes(standard)).toHaveLength(0);
    expect(await mentionNotes(crowned)).toHaveLength(1);
  });

  it('does not notify across a block, either way', async () => {
    const author = await createMember(t);
    const blocker = await createMember(t);
    const blockedByAuthor = await createMember(t);
    await t.http().put(`/api/members/${author.id}/block`).set(blocker.auth).expect(200);
    await t.http().put(`/api/members/${blockedByAuthor.id}/block`).set(author.auth).expect(200);
    const post = await createPost(t, author, { body: `${tag(blocker)} ${tag(blockedByAuthor)}` });
    await createComment(t, author, post.id, { body: `again ${tag(blocker)}` });
    expect(await mentionNotes(blocker)).toHaveLength(0);
    expect(await mentionNotes(blockedByAuthor)).toHaveLength(0);
  });

  it('mentions at most ten members in one text: the eleventh is text and told nothing', async () => {
    const author = await createMember(t);
    const members = await Promise.all(Array.from({ length: 11 }, () => createMember(t)));
    const post = await createPost(t, author, { body: members.map(tag).join(' ') });
    expect(post.bodyHtml.match(/class="mention"/g)).toHaveLength(10);
    expect(post.bodyHtml).toContain(`@${members[10].displayName}`);
    expect(post.bodyHtml).not.toContain(link(members[10]));
    expect(await mentionNotes(members[9])).toHaveLength(1);
    expect(await mentionNotes(members[10])).toHaveLength(0);
  });

  it('a comment notifies whom it mentions; an edit notifies only the newly mentioned', async () => {
    const author = await createMember(t);
    const first = await createMember(t);
    const later = await createMember(t);
    const post = await createPost(t, author);
    const comment = await createComment(t, author, post.id, { body: `cc ${tag(first)}` });
    expect(comment.bodyHtml).toContain(link(first));
    const [note] = await mentionNotes(first);
    expect(note.data).toMatchObject({ postId: post.id, commentId: comment.id });
    await t
      .http()
      .patch(`/api/comments/${comment.id}`)
      .set(author.auth)
      .send({ body: `cc ${tag(first)} ${tag(later)}` })
      .expect(200);
    expect(await mentionNotes(first)).toHaveLength(1);
    expect(await mentionNotes(later)).toHaveLength(1);
  });

  it('a post edit notifies the newly mentioned; a moderator editing it notifies nobody', async () => {
    const author = await createMember(t);
    const kept = await createMember(t);
    const added = await createMember(t);
    const byModerator = await createMember(t);
    const moderator = await createModerator(t);
    const post = await createPost(t, author, { body: tag(kept) });
    await t
      .http()
      .patch(`/api/posts/${post.id}`)
      .set(author.auth)
      .send({ body: `${tag(kept)} ${tag(added)}` })
      .expect(200);
    await t
      .http()
      .patch(`/api/posts/${post.id}`)
      .set(moderator.auth)
      .send({ body: `${tag(kept)} ${tag(added)} ${tag(byModerator)}` })
      .expect(200);
    expect(await mentionNotes(kept)).toHaveLength(1);
    expect(await mentionNotes(added)).toHaveLength(1);
    expect(await mentionNotes(byModerator)).toHaveLength(0);
  });

  it('the preview renders mentions as publishing would, telling nobody', async () => {
    const author = await createMember(t);
    const named = await createMember(t);
    const res = await t
      .http()
      .post('/api/posts/preview')
      .set(author.auth)
      .send({ body: tag(named) })
      .expect(200);
    expect(res.body.bodyHtml).toContain(link(named));
    expect(await mentionNotes(named)).toHaveLength(0);
  });

  it('the migration re-renders stored posts so their mentions link', async () => {
    const author = await createMember(t);
    const named = await createMember(t);
    const post = await createPost(t, author, { body: 'plain' });
    await t.dataSource.query(`UPDATE posts SET body = $2, body_html = 'old' WHERE id = $1`, [
      post.id,
      `hi ${tag(named)}`,
    ]);
    const runner = t.dataSource.createQueryRunner();
    try {
      await rerenderBodies(runner, 'posts', `id = '${post.id}'`);
    } finally {
      await runner.release();
    }
    const read = await t.http().get(`/api/posts/${post.id}`).expect(200);
    expect(read.body.bodyHtml).toBe(`<p>hi ${link(named)}</p>\n`);
  });

  describe('in chat rooms and direct conversations', () => {
    let url: string;
    const sockets: ChatClient[] = [];
    beforeAll(async () => {
      url = await listen(t);
    });
    afterAll(() => sockets.forEach((socket) => socket.close()));

    /** Sends `body` to a room over the socket, as the chat does, and waits for the ack. */
    async function sendToRoom(author: TestMember, roomId: string, body: string) {
      const socket = await connect(url, author.accessToken);
      sockets.push(socket);
      const ask = <T>(event: string, payload: unknown) =>
        new Promise<T>((resolve) =>
          (
            socket as unknown as { emit: (e: string, p: unknown, ack: (a: T) => void) => void }
          ).emit(event, payload, resolve),
        );
      expect(await ask<{ ok: boolean }>('room:join', { roomId })).toMatchObject({ ok: true });
      const ack = await ask<{ ok: boolean; message: { id: string } }>('message:send', {
        roomId,
        clientMsgId: randomUUID(),
        body,
      });
      expect(ack.ok).toBe(true);
      return ack.message;
    }

    /** The mention notifications `member` has once the after-send work settled. */
    async function settledMentions(member: TestMember, expected: number): Promise<Note[]> {
      for (let tries = 0; tries < 50; tries += 1) {
        const notes = await mentionNotes(member);
        if (notes.length >= expected) return notes;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return mentionNotes(member);
    }

    it('a chat message tells the mentioned member who may join the room; the lounge tells no standard member', async () => {
      const room = await createRoom(t);
      const lounge = await createRoom(t, { kind: 'golden_crown' });
      const author = await createGoldenCrownMember(t);
      const standard = await createMember(t);
      const crowned = await createGoldenCrownMember(t);
      const message = await sendToRoom(author, room.id, `hi ${tag(standard)}`);
      await sendToRoom(author, lounge.id, `${tag(standard)} ${tag(crowned)} lounge`);
      const [note] = await settledMentions(standard, 1);
      expect(note.data).toMatchObject({
        roomId: room.id,
        roomName: room.name,
        messageId: message.id,
        actorId: author.id,
      });
      expect(await settledMentions(crowned, 1)).toHaveLength(1);
      // The lounge mention reached the Golden Crown member; the standard member has only the room's.
      expect(await mentionNotes(standard)).toHaveLength(1);
    });

    it('a direct message tells only the conversation’s members', async () => {
      const author = await createMember(t);
      const partner = await createMember(t);
      const outsider = await createMember(t);
      const res = await t
        .http()
        .post('/api/conversations')
        .set(author.auth)
        .send({ memberIds: [partner.id], body: `${tag(partner)} ${tag(outsider)} see this` })
        .expect(201);
      const conversation = res.body as ConversationDto;
      const [note] = await settledMentions(partner, 1);
      expect(note.data).toMatchObject({ conversationId: conversation.id, actorId: author.id });
      expect(await mentionNotes(outsider)).toHaveLength(0);
    });
  });

  describe('GET /api/members/suggest', () => {
    it('answers up to eight members whose name starts with q, the exact name first, never the caller', async () => {
      const prefix = uniqueName('Sg');
      const caller = await createMember(t, { displayName: `${prefix} me` });
      const exact = await createMember(t, { displayName: prefix });
      await Promise.all(
        Array.from({ length: 9 }, (_, i) => createMember(t, { displayName: `${prefix} ${i}` })),
      );
      const res = await t
        .http()
        .get('/api/members/suggest')
        .query({ q: `@${prefix.toLowerCase()}` })
        .set(caller.auth)
        .expect(200);
      expect(res.body).toHaveLength(8);
      expect(res.body[0]).toEqual({ id: exact.id, displayName: prefix, avatarUrl: null });
      expect(res.body.map((s: { id: string }) => s.id)).not.toContain(caller.id);
    });

    it('takes % and _ literally and leaves erased members out', async () => {
      const caller = await createMember(t);
      const prefix = uniqueName('Er');
      const erased = await createMember(t, { displayName: `${prefix} gone` });
      await t.dataSource.query(`UPDATE members SET erased_at = now() WHERE id = $1`, [erased.id]);
      const gone = await t
        .http()
        .get('/api/members/suggest')
        .query({ q: prefix })
        .set(caller.auth)
        .expect(200);
      expect(gone.body).toEqual([]);
      const wildcard = await t
        .http()
        .get('/api/members/suggest')
        .query({ q: '%' })
        .set(caller.auth)
        .expect(200);
      expect(wildcard.body).toEqual([]);
    });

    it('needs a member (401) and a q of 1–50 characters (400)', async () => {
      const caller = await createMember(t);
      await t.http().get('/api/members/suggest?q=a').expect(401);
      for (const q of ['', ' ', 'x'.repeat(51), 'a\u0000b']) {
        const res = await t.http().get('/api/members/suggest').query({ q }).set(caller.auth);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const repeated = await t.http().get('/api/members/suggest?q=a&q=b').set(caller.auth);
      expect(repeated.status).toBe(400);
    });
  });
});

describe('Mentions: the suggest limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_SUGGEST_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('allows RATE_LIMIT_SUGGEST_PER_MINUTE a minute per member, then 429', async () => {
    const caller = await createMember(t);
    for (let i = 0; i < 3; i += 1) {
      await t.http().get('/api/members/suggest?q=a').set(caller.auth).expect(200);
    }
    const res = await t.http().get('/api/members/suggest?q=a').set(caller.auth).expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    await t
      .http()
      .get('/api/members/suggest?q=a')
      .set((await createMember(t)).auth)
      .expect(200);
  });
});

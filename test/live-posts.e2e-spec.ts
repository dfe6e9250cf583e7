import { randomUUID } from 'node:crypto';
import { DomainEventBus } from '../src/common/events/domain-events';
import { DiscussionServer } from '../src/modules/discussion/discussion-server';
import type { CommentResponseDto } from '../src/modules/posts/dto/comment.dto';
import {
  connect,
  connectError,
  listen,
  record,
  type ChatClient,
} from './support/discussion-client';
import {
  createComment,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  type PostOverrides,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Live posts: `post:watch` / `post:unwatch`, `comment:new` and `post:likes`, checked against
 * each watcher's rights at send time.
 */
describe('Live posts over Socket.IO (e2e)', () => {
  let t: TestApp;
  let url: string;
  let author: TestMember;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
    url = await listen(t);
    author = await createGoldenCrownMember(t);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => t.close());

  const newPost = async (overrides: PostOverrides = {}) =>
    (await createPost(t, author, overrides)).id;

  async function client(member: TestMember): Promise<ChatClient> {
    const socket = await connect(url, member.accessToken);
    clients.push(socket);
    return socket;
  }

  /** A socket of `member` watching `postId` (the ack must be ok). */
  async function watching(member: TestMember, ...postIds: string[]): Promise<ChatClient> {
    const socket = await client(member);
    for (const postId of postIds) {
      expect(await socket.emitWithAck('post:watch', { postId })).toEqual({ ok: true });
    }
    return socket;
  }

  const like = (member: TestMember, postId: string) =>
    t.http().put(`/api/posts/${postId}/like`).set(member.auth).expect(200);

  /**
   * Proves `socket` got nothing about `postId` so far: a like on `control` (a post it
   * watches) arrives after anything raised before it, on the same socket, in order.
   */
  async function nothingArrivedAbout(
    socket: ChatClient,
    postId: string,
    control: string,
    seen: { comments: CommentResponseDto[]; likes: { postId: string }[] },
  ) {
    const likes = record(socket, 'post:likes');
    await like(await createMember(t), control);
    await likes.next((event) => event.postId === control);
    expect(seen.comments.filter((comment) => comment.postId === postId)).toEqual([]);
    expect(seen.likes.filter((event) => event.postId === postId)).toEqual([]);
  }

  function recordAll(socket: ChatClient) {
    return {
      comments: record(socket, 'comment:new').seen,
      likes: record(socket, 'post:likes').seen,
    };
  }

  it('refuses a visitor’s socket at the handshake: watching is for members', async () => {
    expect((await connectError(url, {})).message).toBe('UNAUTHENTICATED');
  });

  it('sends a new comment on a public post to its watchers, the writer included, as the list shows it', async () => {
    const postId = await newPost();
    const reader = await createMember(t);
    const writer = await createMember(t);
    const readerSocket = await watching(reader, postId);
    const writerSocket = await watching(writer, postId);
    const toReader = record(readerSocket, 'comment:new');
    const toWriter = record(writerSocket, 'comment:new');

    const comment = await createComment(t, writer, postId, { body: 'Live **now**' });
    const received = await toReader.next((c) => c.id === comment.id);
    const listed = await t.http().get(`/api/posts/${postId}/comments`).set(reader.auth).expect(200);
    expect(received).toEqual((listed.body.items as CommentResponseDto[])[0]);
    expect(received).toMatchObject({ postId, body: 'Live **now**', editedAt: null });
    await toWriter.next((c) => c.id === comment.id);
  });

  it('lets a member watch a members-only post and sends the like count after each change', async () => {
    const postId = await newPost({ visibility: 'members' });
    const watcher = await watching(await createMember(t), postId);
    const likes = record(watcher, 'post:likes');
    const fan = await createMember(t);
    await like(fan, postId);
    expect(await likes.next()).toEqual({ postId, likeCount: 1 });
    await t.http().delete(`/api/posts/${postId}/like`).set(fan.auth).expect(200);
    await likes.next((event) => event.likeCount === 0);
    // A like that changes nothing (already liked) sends nothing.
    await like(fan, postId);
    await like(fan, postId);
    await likes.next((event) => event.likeCount === 1);
    expect(likes.seen.map((event) => event.likeCount)).toEqual([1, 0, 1]);
  });

  it('answers NOT_FOUND to a standard member on a Golden Crown post, and to unknown, deleted or hidden posts', async () => {
    const standard = await client(await createMember(t));
    const golden = await newPost({ visibility: 'golden_crown' });
    const deleted = await newPost();
    await t.http().delete(`/api/posts/${deleted}`).set(author.auth).expect(204);
    const hidden = await newPost();
    await t.dataSource.query('UPDATE posts SET hidden_at = now() WHERE id = $1', [hidden]);
    for (const postId of [golden, randomUUID(), deleted, hidden]) {
      expect(await standard.emitWithAck('post:watch', { postId })).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: expect.any(String),
      });
    }
    // A Golden Crown member and a moderator may watch the Golden Crown post.
    await watching(await createGoldenCrownMember(t), golden);
    await watching(await createModerator(t), golden);
  });

  it('stops a watcher of a post that was hidden: nothing more reaches them', async () => {
    const postId = await newPost();
    const control = await newPost();
    const socket = await watching(await createMember(t), postId, control);
    const seen = recordAll(socket);
    await t.dataSource.query('UPDATE posts SET hidden_at = now() WHERE id = $1', [postId]);
    // What was raised for the post (a like or a comment that raced with the hide) is checked
    // against the post as it is when it is sent.
    const bus = t.app.get(DomainEventBus);
    bus.emit('post.likes.changed', { postId });
    const comment = await createComment(t, author, control);
    bus.emit('post.comment.created', { comment: { ...comment, postId } });
    await nothingArrivedAbout(socket, postId, control, seen);
  });

  it('sends a post that became Golden Crown to Golden Crown watchers only', async () => {
    const postId = await newPost();
    const control = await newPost();
    const standard = await watching(await createMember(t), postId, control);
    const standardSeen = recordAll(standard);
    const golden = await watching(await createGoldenCrownMember(t), postId);
    const goldenComments = record(golden, 'comment:new');

    await t
      .http()
      .patch(`/api/posts/${postId}`)
      .set(author.auth)
      .send({ visibility: 'golden_crown' })
      .expect(200);
    const comment = await createComment(t, author, postId, { body: 'For the club' });
    await goldenComments.next((c) => c.id === comment.id);
    await nothingArrivedAbout(standard, postId, control, standardSeen);

    // Back to members: the standard watcher, still watching, gets updates again.
    await t
      .http()
      .patch(`/api/posts/${postId}`)
      .set(author.auth)
      .send({ visibility: 'members' })
      .expect(200);
    const again = record(standard, 'comment:new');
    const open = await createComment(t, author, postId, { body: 'For members' });
    await again.next((c) => c.id === open.id);
  });

  it('stops a watcher whose Golden Crown is taken away while watching a Golden Crown post', async () => {
    const postId = await newPost({ visibility: 'golden_crown' });
    const control = await newPost();
    const member = await createGoldenCrownMember(t);
    const socket = await watching(member, postId, control);
    const seen = recordAll(socket);
    const stays = await watching(await createGoldenCrownMember(t), postId);
    const staysComments = record(stays, 'comment:new');

    await t
      .http()
      .post(`/api/moderation/members/${member.id}/tier`)
      .set((await createModerator(t)).auth)
      .send({ tier: 'standard', reason: 'Membership ended' })
      .expect(200);
    // member.changed moves the member's socket to the standard members' audience.
    const onServer = t.app.get(DiscussionServer).nsp?.sockets.get(socket.id ?? '');
    for (let i = 0; i < 100 && !onServer?.rooms.has(`post:${postId}:members`); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(
      [...(onServer?.rooms ?? [])].filter((room) => room.startsWith(`post:${postId}`)),
    ).toEqual([`post:${postId}:members`]);

    const comment = await createComment(t, author, postId);
    await staysComments.next((c) => c.id === comment.id);
    await like(await createGoldenCrownMember(t), postId);
    await nothingArrivedAbout(socket, postId, control, seen);
  });

  it('sends nothing after post:unwatch, and unwatching twice is fine', async () => {
    const postId = await newPost();
    const control = await newPost();
    const socket = await watching(await createMember(t), postId, control);
    const seen = recordAll(socket);
    expect(await socket.emitWithAck('post:unwatch', { postId })).toEqual({ ok: true });
    expect(await socket.emitWithAck('post:unwatch', { postId })).toEqual({ ok: true });
    await createComment(t, author, postId);
    await like(await createMember(t), postId);
    await nothingArrivedAbout(socket, postId, control, seen);
  });

  it('validates the payload and throttles post:watch like room:join (30 per 10 s)', async () => {
    const socket = await client(await createMember(t));
    for (const payload of [{}, { postId: 'not-a-uuid' }, { postId: randomUUID(), extra: 1 }]) {
      expect(await socket.emitWithAck('post:watch', payload as { postId: string })).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
      });
    }
    const postId = await newPost();
    const acks = [];
    for (let i = 0; i < 31; i += 1) acks.push(await socket.emitWithAck('post:watch', { postId }));
    expect(acks.slice(0, 30).every((ack) => ack.ok)).toBe(true);
    expect(acks[30]).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });
});

/*
 * Two processes on one PostgreSQL and one Redis: CI's second run (`DATABASE_URL` and
 * `REDIS_URL` set). The embedded database serves one process.
 */
if (process.env.REDIS_URL && process.env.DATABASE_URL) {
  describe('Live posts across two server processes (e2e)', () => {
    let one: TestApp;
    let two: TestApp;
    let urlTwo: string;
    const clients: ChatClient[] = [];

    beforeAll(async () => {
      const prefix = `laogao-test-${randomUUID().slice(0, 8)}:`;
      one = await createTestApp({ REDIS_KEY_PREFIX: prefix });
      two = await createTestApp({
        REDIS_KEY_PREFIX: prefix,
        DATABASE_URL: one.config.DATABASE_URL ?? '',
        JWT_SECRET: one.config.JWT_SECRET ?? '',
      });
      await listen(one);
      urlTwo = await listen(two);
    });
    afterAll(async () => {
      for (const client of clients) client.close();
      await two.close();
      await one.close();
    });

    it('sends a comment and a like made through process one to a watcher on process two, per visibility', async () => {
      const author = await createGoldenCrownMember(one);
      const open = (await createPost(one, author)).id;
      const golden = (await createPost(one, author, { visibility: 'golden_crown' })).id;
      const member = await createMember(one);
      const clubMember = await createGoldenCrownMember(one);
      const socket = await connect(urlTwo, member.accessToken);
      const clubSocket = await connect(urlTwo, clubMember.accessToken);
      clients.push(socket, clubSocket);
      expect(await socket.emitWithAck('post:watch', { postId: open })).toEqual({ ok: true });
      expect(await clubSocket.emitWithAck('post:watch', { postId: golden })).toEqual({ ok: true });
      const comments = record(socket, 'comment:new');
      const likes = record(socket, 'post:likes');
      const clubComments = record(clubSocket, 'comment:new');

      const comment = await createComment(one, author, open, { body: 'Across processes' });
      expect((await comments.next((c) => c.id === comment.id)).body).toBe('Across processes');
      await one.http().put(`/api/posts/${open}/like`).set(author.auth).expect(200);
      expect(await likes.next()).toEqual({ postId: open, likeCount: 1 });
      const clubComment = await createComment(one, author, golden);
      await clubComments.next((c) => c.id === clubComment.id);
    });
  });
}

import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DomainEventBus } from '../src/common/events/domain-events';
import type { PostCommentedEvent } from '../src/modules/posts/posts.events';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import {
  countRows,
  createApplication,
  createComment,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface Note {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

describe('Notifications (e2e)', () => {
  let t: TestApp;
  let url: string;
  let moderator: TestMember;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    });
    url = await listen(t);
    moderator = await createModerator(t);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  async function notes(member: TestMember): Promise<Note[]> {
    const res = await t.http().get('/api/notifications').set(member.auth).expect(200);
    return res.body.items as Note[];
  }

  async function exported(member: TestMember): Promise<Note[]> {
    const res = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
    return res.body.notifications as Note[];
  }

  /** Hides a post or comment as moderators do: a member reports it, a moderator hides it. */
  async function hideThroughReport(targetType: 'post' | 'comment', targetId: string) {
    const reporter = await createMember(t);
    const report = await t
      .http()
      .post('/api/reports')
      .set(reporter.auth)
      .send({ targetType, targetId, reason: '广告' })
      .expect(201);
    await t
      .http()
      .post(`/api/moderation/reports/${report.body.id}/resolve`)
      .set(moderator.auth)
      .send({ action: 'hide_content' })
      .expect(200);
  }

  async function socketOf(member: TestMember) {
    const socket = await connect(url, member.accessToken);
    sockets.push(socket);
    return record(socket, 'notification');
  }

  describe('about content the recipient cannot see', () => {
    it('tells a standard member nothing when the author turns the post Golden Crown with a new title and replies: not stored, not pushed, not exported', async () => {
      const author = await createGoldenCrownMember(t);
      const standard = await createMember(t);
      const golden = await createGoldenCrownMember(t);
      const { id: postId } = await createPost(t, author);
      const { id: standardComment } = await createComment(t, standard, postId);
      const { id: goldenComment } = await createComment(t, golden, postId);
      const pushed = await socketOf(standard);

      const secret = `金冠内部 ${randomUUID()}`;
      await t
        .http()
        .patch(`/api/posts/${postId}`)
        .set(author.auth)
        .send({ visibility: 'golden_crown', title: secret })
        .expect(200);
      await createComment(t, author, postId, { parentId: standardComment });
      await createComment(t, author, postId, { parentId: goldenComment });

      // A notification the standard member may see, made after the reply: pushes to one
      // socket arrive in order, so once it is here, anything about the reply would be too.
      const { id: ownPost } = await createPost(t, standard);
      await createComment(t, golden, ownPost);
      const fence = await pushed.next((n) => n.data.postId === ownPost);
      expect(pushed.seen).toEqual([fence]);
      expect(JSON.stringify(pushed.seen)).not.toContain(secret);

      const listed = await notes(standard);
      expect(listed.map((n) => [n.type, n.data.postId])).toEqual([['comment_on_post', ownPost]]);
      expect(JSON.stringify(listed)).not.toContain(secret);
      const inExport = await exported(standard);
      expect(inExport.map((n) => n.data.postId)).toEqual([ownPost]);
      expect(JSON.stringify(inExport)).not.toContain(secret);
      expect(
        await countRows(t, 'notifications', "member_id = $1 AND data->>'postId' = $2", [
          standard.id,
          postId,
        ]),
      ).toBe(0);

      // The rule is about the recipient: a Golden Crown commenter on the same post is told.
      expect(await notes(golden)).toContainEqual(
        expect.objectContaining({
          type: 'reply_to_comment',
          data: expect.objectContaining({ postId, postTitle: secret, actorId: author.id }),
        }),
      );
    });

    it.each(['deleted', 'hidden'] as const)(
      'makes none about a post %s between the comment and its notification',
      async (removal) => {
        const author = await createMember(t);
        const commenter = await createMember(t);
        const replier = await createMember(t);
        const { id: postId } = await createPost(t, author);
        const { id: parent } = await createComment(t, commenter, postId);
        const { id: reply } = await createComment(t, replier, postId, { parentId: parent });
        const event: PostCommentedEvent = {
          postId,
          postTitle: '被删的帖子',
          commentId: reply,
          commentAuthorId: replier.id,
          postAuthorId: author.id,
          parentCommentAuthorId: commenter.id,
        };
        const counts = async () =>
          Promise.all(
            [commenter, author].map((member) =>
              countRows(t, 'notifications', "member_id = $1 AND data->>'postId' = $2", [
                member.id,
                postId,
              ]),
            ),
          );
        // The same event raised again while the post is visible is one notification more each.
        const bus = t.app.get(DomainEventBus);
        await bus.emitAndWait('post.commented', event);
        expect(await counts()).toEqual([2, 3]);

        if (removal === 'deleted') {
          await t.http().delete(`/api/posts/${postId}`).set(author.auth).expect(204);
        } else {
          await hideThroughReport('post', postId);
        }
        await bus.emitAndWait('post.commented', event);
        expect(await counts()).toEqual([2, 3]);
      },
    );

    it('makes none about a hidden comment', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t);
      const { id: postId } = await createPost(t, author);
      const { id: commentId } = await createComment(t, commenter, postId);
      await hideThroughReport('comment', commentId);
      await t.app.get(DomainEventBus).emitAndWait('post.commented', {
        postId,
        postTitle: '帖子',
        commentId,
        commentAuthorId: commenter.id,
        postAuthorId: author.id,
        parentCommentAuthorId: null,
      });
      expect(await countRows(t, 'notifications', 'member_id = $1', [author.id])).toBe(1);
    });

    it('tells a standard member about a members-only post they see', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t);
      const title = `会员可见 ${randomUUID()}`;
      const { id: postId } = await createPost(t, author, { visibility: 'members', title });
      const { id: commentId } = await createComment(t, commenter, postId);
      const { id: replyId } = await createComment(t, author, postId, { parentId: commentId });

      expect(await notes(author)).toEqual([
        expect.objectContaining({
          type: 'comment_on_post',
          data: expect.objectContaining({ postId, postTitle: title, commentId }),
        }),
      ]);
      expect(await notes(commenter)).toEqual([
        expect.objectContaining({
          type: 'reply_to_comment',
          data: expect.objectContaining({ postId, postTitle: title, commentId: replyId }),
        }),
      ]);
    });
  });

  describe('the actor', () => {
    it('is named by their current name in the list, the live push and the export', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t, { displayName: `老王 ${randomUUID().slice(0, 8)}` });
      const pushed = await socketOf(author);
      const { id: postId } = await createPost(t, author);
      const { id: commentId } = await createComment(t, commenter, postId);

      const live = await pushed.next((n) => n.data.commentId === commentId);
      const named = { actorId: commenter.id, actorName: commenter.displayName };
      expect(live.data).toMatchObject({ ...named, postId, authorId: commenter.id });
      expect((await notes(author))[0].data).toMatchObject(named);
      expect((await exported(author))[0].data).toMatchObject(named);

      const renamed = `王总 ${randomUUID().slice(0, 8)}`;
      await t
        .http()
        .patch('/api/members/me')
        .set(commenter.auth)
        .send({ displayName: renamed })
        .expect(200);
      const now = { actorId: commenter.id, actorName: renamed };
      expect((await notes(author))[0].data).toMatchObject(now);
      expect((await exported(author))[0].data).toMatchObject(now);
    });

    it('reads "deleted member" once the actor erased their account', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t);
      const { id: postId } = await createPost(t, author);
      await createComment(t, commenter, postId);
      await t
        .http()
        .delete('/api/members/me')
        .set(commenter.auth)
        .send({ password: commenter.password })
        .expect(204);

      const [note] = await notes(author);
      expect(note.data).toMatchObject({ actorId: commenter.id, actorName: 'deleted member' });
      expect(JSON.stringify(note)).not.toContain(commenter.displayName);
    });

    it('is the deciding moderator of an application', async () => {
      const applicant = await createMember(t);
      const applied = await createApplication(t, applicant);
      await t
        .http()
        .post(`/api/moderation/applications/${applied.id}/decision`)
        .set(moderator.auth)
        .send({ decision: 'approve' })
        .expect(200);

      expect(await notes(applicant)).toEqual([
        expect.objectContaining({
          type: 'application_decided',
          data: expect.objectContaining({
            decision: 'approved',
            actorId: moderator.id,
            actorName: moderator.displayName,
          }),
        }),
      ]);
    });

    it('is the resolving moderator of a report, whose notification names the content by id only', async () => {
      const author = await createGoldenCrownMember(t);
      const reporter = await createGoldenCrownMember(t);
      const title = `秘密标题 ${randomUUID()}`;
      const { id: postId } = await createPost(t, author, { visibility: 'golden_crown', title });
      const report = await t
        .http()
        .post('/api/reports')
        .set(reporter.auth)
        .send({ targetType: 'post', targetId: postId, reason: '不相关' })
        .expect(201);
      await t
        .http()
        .post(`/api/moderation/reports/${report.body.id}/resolve`)
        .set(moderator.auth)
        .send({ action: 'dismiss' })
        .expect(200);

      const listed = await notes(reporter);
      expect(listed).toEqual([
        expect.objectContaining({
          type: 'report_resolved',
          data: {
            reportId: report.body.id,
            action: 'dismiss',
            targetType: 'post',
            targetId: postId,
            actorId: moderator.id,
            actorName: moderator.displayName,
          },
        }),
      ]);
      expect(JSON.stringify(listed)).not.toContain(title);
    });

    it('is the suspending moderator of a suspension', async () => {
      const member = await createMember(t);
      await t
        .http()
        .post(`/api/moderation/members/${member.id}/suspend`)
        .set(moderator.auth)
        .send({ until: new Date(Date.now() + 86_400_000).toISOString(), reason: '发广告' })
        .expect(200);
      expect((await notes(member))[0]).toMatchObject({
        type: 'member_suspended',
        data: { actorId: moderator.id, actorName: moderator.displayName },
      });
    });
  });

  describe('the list', () => {
    it('tells the author of a post about a comment, and the author of a comment about a reply, before the answer returns', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t);
      const replier = await createMember(t);
      const post = await createPost(t, author);
      const comment = await createComment(t, commenter, post.id);
      const toAuthor = await t.http().get('/api/notifications').set(author.auth).expect(200);
      expect(toAuthor.body.items).toEqual([
        {
          id: expect.any(String),
          type: 'comment_on_post',
          data: expect.objectContaining({ postId: post.id, commentId: comment.id }),
          readAt: null,
          createdAt: expect.any(String),
        },
      ]);
      await createComment(t, replier, post.id, { parentId: comment.id });
      const toCommenter = await t.http().get('/api/notifications').set(commenter.auth).expect(200);
      expect(toCommenter.body.items.map((n: { type: string }) => n.type)).toEqual([
        'reply_to_comment',
      ]);
      const authorAgain = await t
        .http()
        .get('/api/notifications')
        .query({ unread: true })
        .set(author.auth)
        .expect(200);
      expect(authorAgain.body.items.map((n: { type: string }) => n.type)).toEqual([
        'comment_on_post',
        'comment_on_post',
      ]);
      // Commenting on one's own post tells nobody.
      await createComment(t, author, post.id);
      expect(await countRows(t, 'notifications', 'member_id = $1', [author.id])).toBe(2);
    });

    it('marks notifications read by id or all at once, only one’s own', async () => {
      const author = await createMember(t);
      const other = await createMember(t);
      const post = await createPost(t, author);
      for (let i = 0; i < 3; i++) await createComment(t, other, post.id, { body: `c${i}` });
      const list = await t.http().get('/api/notifications').set(author.auth).expect(200);
      const [first, ...rest] = list.body.items.map((n: { id: string }) => n.id) as string[];
      // Someone else's ids change nothing.
      await t
        .http()
        .post('/api/notifications/read')
        .set(other.auth)
        .send({ ids: [first] })
        .expect(204);
      expect(
        (await t.http().get('/api/notifications?unread=true').set(author.auth)).body.items,
      ).toHaveLength(3);
      await t
        .http()
        .post('/api/notifications/read')
        .set(author.auth)
        .send({ ids: [first] })
        .expect(204);
      const unread = await t
        .http()
        .get('/api/notifications?unread=true')
        .set(author.auth)
        .expect(200);
      expect(unread.body.items.map((n: { id: string }) => n.id).sort()).toEqual([...rest].sort());
      await t
        .http()
        .post('/api/notifications/read')
        .set(author.auth)
        .send({ all: true })
        .expect(204);
      expect(
        (await t.http().get('/api/notifications?unread=true').set(author.auth)).body.items,
      ).toEqual([]);
      expect(
        (await t.http().post('/api/notifications/read').set(author.auth).send({})).status,
      ).toBe(400);
      expect(
        (
          await t
            .http()
            .post('/api/notifications/read')
            .set(author.auth)
            .send({ ids: ['x'] })
        ).status,
      ).toBe(400);
    });

    it('pages newest first without repeats', async () => {
      const author = await createMember(t);
      const other = await createMember(t);
      const post = await createPost(t, author);
      for (let i = 0; i < 5; i++) await createComment(t, other, post.id, { body: `c${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get('/api/notifications')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(author.auth)
          .expect(200);
        seen.push(...res.body.items.map((n: { data: { commentId: string } }) => n.data.commentId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    });
  });

  describe('the live push', () => {
    it('pushes a notification to that member’s sockets only', async () => {
      const [alice, bob] = [await createMember(t), await createMember(t)];
      const forAlice = await socketOf(alice);
      const forBob = await socketOf(bob);
      const notification = {
        id: randomUUID(),
        type: 'comment_on_post',
        data: { postId: randomUUID() },
        readAt: null,
        createdAt: new Date().toISOString(),
      };
      const bus = t.app.get(DomainEventBus);
      bus.emit('notification.created', { memberId: alice.id, notification });
      expect(await forAlice.next()).toEqual(notification);
      const fence = { ...notification, id: randomUUID() };
      bus.emit('notification.created', { memberId: bob.id, notification: fence });
      await forBob.next((n) => n.id === fence.id);
      expect(forBob.seen).toEqual([fence]);
    });
  });
});

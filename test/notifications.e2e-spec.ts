import { randomUUID } from 'node:crypto';
import { DomainEventBus } from '../src/common/events/domain-events';
import type { PostCommentedEvent } from '../src/modules/posts/posts.events';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import {
  countRows,
  createGoldenCrownMember,
  createMember,
  createModerator,
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

  async function createPost(by: TestMember, body: Record<string, unknown> = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/posts')
      .set(by.auth)
      .send({ title: `店铺运营 ${randomUUID()}`, body: '直通车的经验', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function comment(by: TestMember, postId: string, parentId?: string): Promise<string> {
    const res = await t
      .http()
      .post(`/api/posts/${postId}/comments`)
      .set(by.auth)
      .send({ body: '学到了', ...(parentId ? { parentId } : {}) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function notes(member: TestMember): Promise<Note[]> {
    const res = await t.http().get('/api/notifications').set(member.auth).expect(200);
    return res.body.items as Note[];
  }

  async function exported(member: TestMember): Promise<Note[]> {
    const res = await t.http().get('/api/members/me/export').set(member.auth).expect(200);
    return res.body.notifications as Note[];
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
      const postId = await createPost(author);
      const standardComment = await comment(standard, postId);
      const goldenComment = await comment(golden, postId);
      const pushed = await socketOf(standard);

      const secret = `金冠内部 ${randomUUID()}`;
      await t
        .http()
        .patch(`/api/posts/${postId}`)
        .set(author.auth)
        .send({ visibility: 'golden_crown', title: secret })
        .expect(200);
      await comment(author, postId, standardComment);
      await comment(author, postId, goldenComment);

      // A notification the standard member may see, made after the reply: pushes to one
      // socket arrive in order, so once it is here, anything about the reply would be too.
      const ownPost = await createPost(standard);
      await comment(golden, ownPost);
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
        const postId = await createPost(author);
        const parent = await comment(commenter, postId);
        const reply = await comment(replier, postId, parent);
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
          const reporter = await createMember(t);
          const report = await t
            .http()
            .post('/api/reports')
            .set(reporter.auth)
            .send({ targetType: 'post', targetId: postId, reason: '广告' })
            .expect(201);
          await t
            .http()
            .post(`/api/moderation/reports/${report.body.id}/resolve`)
            .set(moderator.auth)
            .send({ action: 'hide_content' })
            .expect(200);
        }
        await bus.emitAndWait('post.commented', event);
        expect(await counts()).toEqual([2, 3]);
      },
    );

    it('makes none about a hidden comment', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t);
      const reporter = await createMember(t);
      const postId = await createPost(author);
      const commentId = await comment(commenter, postId);
      const report = await t
        .http()
        .post('/api/reports')
        .set(reporter.auth)
        .send({ targetType: 'comment', targetId: commentId, reason: '广告' })
        .expect(201);
      await t
        .http()
        .post(`/api/moderation/reports/${report.body.id}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content' })
        .expect(200);
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
      const postId = await createPost(author, { visibility: 'members', title });
      const commentId = await comment(commenter, postId);
      const replyId = await comment(author, postId, commentId);

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
      const postId = await createPost(author);
      const commentId = await comment(commenter, postId);

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
      const postId = await createPost(author);
      await comment(commenter, postId);
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
      const applied = await t
        .http()
        .post('/api/membership/applications')
        .set(applicant.auth)
        .send({
          companyName: '宁波某某品牌管理有限公司',
          annualTurnoverCny: 120_000_000,
          isDecisionMaker: true,
          jobTitle: '总经理',
          organizationType: 'manufacturer',
          motivation: '希望与同规模的运营者交流。',
          privacyAgreementVersion: '2026-01',
          privacyConsent: true,
        })
        .expect(201);
      await t
        .http()
        .post(`/api/moderation/applications/${applied.body.id}/decision`)
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
      const postId = await createPost(author, { visibility: 'golden_crown', title });
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
});

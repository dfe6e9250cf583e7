import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import {
  countRows,
  createAdmin,
  createApplication,
  createComment,
  createGoldenCrownMember,
  createMember,
  createModerator,
  createPost,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

/** A report in the moderators' queue, as the tests read it. */
interface QueueItem {
  id: string;
  content: { text: string; removed: string | null } | null;
}

describe('Moderation (e2e)', () => {
  let t: TestApp;
  let moderator: TestMember;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
    moderator = await createModerator(t);
  });
  afterAll(() => t.close());

  async function report(by: TestMember, targetType: string, targetId: string) {
    return t
      .http()
      .post('/api/reports')
      .set(by.auth)
      .send({ targetType, targetId, reason: '广告 spam' });
  }

  const audit = (action: string, targetId: string) =>
    countRows(t, 'audit_log', 'action = $1 AND target_id = $2', [action, targetId]);

  describe('who may moderate', () => {
    it('refuses every /api/moderation route to a standard and a Golden Crown member with 403', async () => {
      const doc = await t.http().get('/api/docs-json').expect(200);
      const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
        .filter(([path]) => path.startsWith('/api/moderation'))
        .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
      // The document lists the moderation routes of every feature (applications, reports,
      // members, audit log): a new route is covered as soon as it exists.
      expect(routes.length).toBeGreaterThanOrEqual(9);

      for (const caller of [await createMember(t), await createGoldenCrownMember(t)]) {
        for (const { method, path } of routes) {
          const url = path.replace(/\{[^}]+\}/g, FAKE_ID);
          const res = await t.http()[method as 'get' | 'post'](url).set(caller.auth).send({});
          expect({ method, path, status: res.status, code: res.body.code }).toEqual({
            method,
            path,
            status: 403,
            code: 'FORBIDDEN',
          });
        }
      }
    });

    it('refuses them to a visitor with 401', async () => {
      await t.http().get('/api/moderation/reports').expect(401);
      await t.http().get('/api/moderation/audit-log').expect(401);
    });
  });

  describe('reports', () => {
    it('takes one open report per member and target: a second is 409 REPORT_ALREADY_OPEN', async () => {
      const author = await createMember(t);
      const reporter = await createMember(t);
      const { id: postId } = await createPost(t, author);
      const first = await report(reporter, 'post', postId);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        targetType: 'post',
        targetId: postId,
        status: 'open',
        reporterId: reporter.id,
      });
      const second = await report(reporter, 'post', postId);
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('REPORT_ALREADY_OPEN');
      expect(await countRows(t, 'reports', 'target_id = $1', [postId])).toBe(1);
      // Another member may report the same post.
      expect((await report(await createMember(t), 'post', postId)).status).toBe(201);
    });

    it('refuses a report on content the member cannot see with 404, and on bad input with 400', async () => {
      const reporter = await createMember(t);
      const golden = await createGoldenCrownMember(t);
      const { id: hiddenFromReporter } = await createPost(t, golden, {
        visibility: 'golden_crown',
      });
      const res = await report(reporter, 'post', hiddenFromReporter);
      expect(res.status).toBe(404);
      expect((await report(reporter, 'post', FAKE_ID)).status).toBe(404);
      expect((await report(reporter, 'user', FAKE_ID)).status).toBe(400);
      const noReason = await t
        .http()
        .post('/api/reports')
        .set(reporter.auth)
        .send({ targetType: 'post', targetId: FAKE_ID });
      expect(noReason.status).toBe(400);
      expect(await countRows(t, 'reports', 'reporter_id = $1', [reporter.id])).toBe(0);
    });

    it('lists the open queue oldest first for moderators', async () => {
      const author = await createMember(t);
      const { id: a } = await createPost(t, author);
      const { id: b } = await createPost(t, author);
      const reporter = await createMember(t);
      const ra = (await report(reporter, 'post', a)).body.id as string;
      const rb = (await report(reporter, 'post', b)).body.id as string;
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get('/api/moderation/reports')
          .query({ status: 'open', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(moderator.auth)
          .expect(200);
        ids.push(...res.body.items.map((item: { id: string }) => item.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.indexOf(ra)).toBeLessThan(ids.indexOf(rb));
    });

    it('hide_content hides the post from members on every read path, not from moderators; restore brings it back', async () => {
      const author = await createMember(t);
      const reader = await createMember(t);
      const marker = `隐藏测试${randomUUID().slice(0, 6)}`;
      const { id: postId } = await createPost(t, author, {
        title: `${marker} title`,
        tags: ['hide-test'],
      });
      const { id: sibling } = await createPost(t, author, { tags: ['hide-test'] });
      const reporter = await createMember(t);
      const other = await createMember(t);
      const reportId = (await report(reporter, 'post', postId)).body.id as string;
      const otherReportId = (await report(other, 'post', postId)).body.id as string;

      const resolved = await t
        .http()
        .post(`/api/moderation/reports/${reportId}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content', note: '广告' })
        .expect(200);
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        action: 'hide_content',
        resolvedBy: moderator.id,
      });

      for (const viewer of [reader.auth, {}]) {
        await t.http().get(`/api/posts/${postId}`).set(viewer).expect(404);
        const list = await t
          .http()
          .get('/api/posts')
          .query({ tag: 'hide-test' })
          .set(viewer)
          .expect(200);
        expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([sibling]);
        const search = await t
          .http()
          .get('/api/posts')
          .query({ q: marker })
          .set(viewer)
          .expect(200);
        expect(search.body.items).toEqual([]);
        const related = await t.http().get(`/api/posts/${sibling}/related`).set(viewer).expect(200);
        expect(related.body.items.map((p: { id: string }) => p.id)).not.toContain(postId);
      }
      await t.http().get(`/api/posts/${postId}`).set(moderator.auth).expect(200);

      // Both open reports on the post were resolved; each reporter is told.
      const queue = await t.http().get('/api/moderation/reports').set(moderator.auth).expect(200);
      expect(queue.body.items.map((r: { id: string }) => r.id)).not.toContain(otherReportId);
      for (const who of [reporter, other]) {
        const notes = await t.http().get('/api/notifications').set(who.auth).expect(200);
        expect(notes.body.items).toEqual([
          expect.objectContaining({
            type: 'report_resolved',
            data: expect.objectContaining({ action: 'hide_content', targetId: postId }),
          }),
        ]);
      }
      expect(await audit('report.content_hidden', postId)).toBe(1);

      await t.http().post(`/api/posts/${postId}/restore`).set(moderator.auth).expect(200);
      await t.http().get(`/api/posts/${postId}`).set(reader.auth).expect(200);
    });

    it('dismiss leaves the content, resolves once (409 the second time), audited once', async () => {
      const author = await createMember(t);
      const { id: postId } = await createPost(t, author);
      const reporter = await createMember(t);
      const reportId = (await report(reporter, 'post', postId)).body.id as string;
      await t
        .http()
        .post(`/api/moderation/reports/${reportId}/resolve`)
        .set(moderator.auth)
        .send({ action: 'dismiss' })
        .expect(200);
      const again = await t
        .http()
        .post(`/api/moderation/reports/${reportId}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content' });
      expect(again.status).toBe(409);
      await t.http().get(`/api/posts/${postId}`).set(reporter.auth).expect(200);
      expect(await audit('report.dismissed', postId)).toBe(1);
      expect(await audit('report.content_hidden', postId)).toBe(0);
      // After the resolution the member may report it again.
      expect((await report(reporter, 'post', postId)).status).toBe(201);
    });

    it('hides a reported comment', async () => {
      const author = await createMember(t);
      const commenter = await createMember(t);
      const { id: postId } = await createPost(t, author);
      const comment = await createComment(t, commenter, postId, { body: '加微信看更多' });
      const reportId = (await report(author, 'comment', comment.id)).body.id as string;
      await t
        .http()
        .post(`/api/moderation/reports/${reportId}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content' })
        .expect(200);
      const comments = await t
        .http()
        .get(`/api/posts/${postId}/comments`)
        .set(author.auth)
        .expect(200);
      expect(comments.body.items.map((c: { id: string }) => c.id)).not.toContain(comment.id);
      const post = await t.http().get(`/api/posts/${postId}`).set(author.auth).expect(200);
      expect(post.body.commentCount).toBe(0);
    });
  });

  describe('what the moderators read', () => {
    async function openQueue(): Promise<QueueItem[]> {
      const items: QueueItem[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get('/api/moderation/reports')
          .query({ status: 'open', limit: 100, ...(cursor ? { cursor } : {}) })
          .set(moderator.auth)
          .expect(200);
        items.push(...(res.body.items as QueueItem[]));
        cursor = res.body.nextCursor;
      } while (cursor);
      return items;
    }

    it('a report in the queue carries the content, its author and the reporter; a comment names its post', async () => {
      const author = await createMember(t, { displayName: '被举报的作者' });
      const reporter = await createMember(t, { displayName: '细心的读者' });
      const post = await createPost(t, author, {
        title: '双十一备货清单',
        body: '先看**库存**，再报名。',
      });
      const comment = await createComment(t, author, post.id, {
        body: `加我微信 **领券** ${'长'.repeat(1200)}`,
      });
      const onPost = (await report(reporter, 'post', post.id)).body.id as string;
      const onComment = (await report(reporter, 'comment', comment.id)).body.id as string;

      const queue = await openQueue();
      const postItem = queue.find((item) => item.id === onPost);
      expect(postItem).toMatchObject({
        targetType: 'post',
        targetId: post.id,
        reason: '广告 spam',
        reporter: { id: reporter.id, displayName: '细心的读者', erased: false },
        targetAuthor: { id: author.id, displayName: '被举报的作者', erased: false },
        resolver: null,
        content: {
          text: '先看库存，再报名。',
          place: { type: 'post', id: post.id, title: '双十一备货清单' },
          removed: null,
        },
      });
      const commentItem = queue.find((item) => item.id === onComment);
      expect(commentItem).toMatchObject({
        targetType: 'comment',
        content: { place: { type: 'post', id: post.id, title: '双十一备货清单' }, removed: null },
      });
      // The comment's plain text (no Markdown), cut for the queue.
      const text = commentItem!.content!.text;
      expect(text.startsWith('加我微信 领券 长')).toBe(true);
      expect([...text]).toHaveLength(1000);
      expect(text.endsWith('…')).toBe(true);
    });

    it('shows content its author deleted, names an erased author "deleted member", and who resolved', async () => {
      const author = await createMember(t, { displayName: '将要离开的人' });
      const reporter = await createMember(t);
      const post = await createPost(t, author, { title: '即将删除', body: '违规内容' });
      const reportId = (await report(reporter, 'post', post.id)).body.id as string;
      await t.http().delete(`/api/posts/${post.id}`).set(author.auth).expect(204);
      await t
        .http()
        .delete('/api/members/me')
        .set(author.auth)
        .send({ password: author.password })
        .expect(204);

      const item = (await openQueue()).find((entry) => entry.id === reportId);
      expect(item).toMatchObject({
        targetAuthor: { id: author.id, displayName: 'deleted member', erased: true },
        content: { text: '违规内容', removed: 'deleted' },
      });

      await t
        .http()
        .post(`/api/moderation/reports/${reportId}/resolve`)
        .set(moderator.auth)
        .send({ action: 'hide_content' })
        .expect(200);
      const resolved = await t
        .http()
        .get('/api/moderation/reports')
        .query({ status: 'resolved', limit: 100 })
        .set(moderator.auth)
        .expect(200);
      expect((resolved.body.items as QueueItem[]).find((r) => r.id === reportId)).toMatchObject({
        resolver: { id: moderator.id, displayName: moderator.displayName, erased: false },
        content: { removed: 'hidden' },
      });
    });

    it('the application queue names each applicant; the audit log names the actor and whom it concerns', async () => {
      const applicant = await createMember(t, { displayName: '申请人王总' });
      const application = await createApplication(t, applicant, { companyName: '王氏品牌' });
      const queue = await t
        .http()
        .get('/api/moderation/applications')
        .query({ limit: 100 })
        .set(moderator.auth)
        .expect(200);
      expect(
        (queue.body.items as { id: string }[]).find((item) => item.id === application.id),
      ).toMatchObject({
        companyName: '王氏品牌',
        annualTurnoverCny: 85_000_000,
        jobTitle: 'CEO',
        applicant: { id: applicant.id, displayName: '申请人王总', erased: false },
      });

      await t
        .http()
        .post(`/api/moderation/applications/${application.id}/decision`)
        .set(moderator.auth)
        .send({ decision: 'reject', reason: '营业额待核实' })
        .expect(200);
      const log = await t
        .http()
        .get('/api/moderation/audit-log')
        .query({ limit: 1 })
        .set(moderator.auth)
        .expect(200);
      expect(log.body.items[0]).toMatchObject({
        targetType: 'membership_application',
        targetId: application.id,
        actor: { id: moderator.id, displayName: moderator.displayName },
        member: { id: applicant.id, displayName: '申请人王总', erased: false },
      });

      // The log reads names now: once erased, the applicant is a "deleted member".
      await t
        .http()
        .delete('/api/members/me')
        .set(applicant.auth)
        .send({ password: applicant.password })
        .expect(204);
      const later = await t
        .http()
        .get('/api/moderation/audit-log')
        .query({ limit: 2 })
        .set(moderator.auth)
        .expect(200);
      const decision = (later.body.items as { targetId: string }[]).find(
        (entry) => entry.targetId === application.id,
      );
      expect(decision).toMatchObject({
        member: { id: applicant.id, displayName: 'deleted member', erased: true },
      });
    });
  });

  describe('suspension', () => {
    it('refuses writes with 403 MEMBER_SUSPENDED until unsuspended, audited once each way', async () => {
      const member = await createMember(t);
      const until = new Date(Date.now() + 3_600_000).toISOString();
      const res = await t
        .http()
        .post(`/api/moderation/members/${member.id}/suspend`)
        .set(moderator.auth)
        .send({ until, reason: '发广告' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: member.id,
        suspended: true,
        suspendedUntil: until,
        suspensionReason: '发广告',
      });

      const write = await t
        .http()
        .post('/api/posts')
        .set(member.auth)
        .send({ title: 't', body: 'b' });
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('MEMBER_SUSPENDED');
      await t.http().get('/api/posts').set(member.auth).expect(200);
      await t
        .http()
        .post('/api/notifications/read')
        .set(member.auth)
        .send({ all: true })
        .expect(204);
      const notes = await t.http().get('/api/notifications').set(member.auth).expect(200);
      expect(notes.body.items[0]).toMatchObject({
        type: 'member_suspended',
        data: { until, reason: '发广告' },
      });

      await t
        .http()
        .post(`/api/moderation/members/${member.id}/unsuspend`)
        .set(moderator.auth)
        .expect(200);
      expect((await createPost(t, member)).id).toEqual(expect.any(String));
      expect(await audit('member.suspended', member.id)).toBe(1);
      expect(await audit('member.unsuspended', member.id)).toBe(1);
    });

    it('ends by itself when the time passes', async () => {
      const member = await createMember(t);
      await t
        .http()
        .post(`/api/moderation/members/${member.id}/suspend`)
        .set(moderator.auth)
        .send({ until: new Date(Date.now() + 1_500).toISOString(), reason: 'cool down' })
        .expect(200);
      expect(
        (await t.http().post('/api/posts').set(member.auth).send({ title: 't', body: 'b' })).status,
      ).toBe(403);
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      expect((await createPost(t, member)).id).toEqual(expect.any(String));
    });

    it('refuses a past end, a missing reason, a peer moderator and oneself; an admin may suspend a moderator', async () => {
      const member = await createMember(t);
      const past = await t
        .http()
        .post(`/api/moderation/members/${member.id}/suspend`)
        .set(moderator.auth)
        .send({ until: new Date(Date.now() - 1000).toISOString(), reason: 'x' });
      expect(past.status).toBe(400);
      const noReason = await t
        .http()
        .post(`/api/moderation/members/${member.id}/suspend`)
        .set(moderator.auth)
        .send({ until: new Date(Date.now() + 60_000).toISOString() });
      expect(noReason.status).toBe(400);

      const peer = await createModerator(t);
      const body = { until: new Date(Date.now() + 60_000).toISOString(), reason: 'x' };
      expect(
        (
          await t
            .http()
            .post(`/api/moderation/members/${peer.id}/suspend`)
            .set(moderator.auth)
            .send(body)
        ).status,
      ).toBe(403);
      expect(
        (
          await t
            .http()
            .post(`/api/moderation/members/${moderator.id}/suspend`)
            .set(moderator.auth)
            .send(body)
        ).status,
      ).toBe(403);
      const admin = await createAdmin(t);
      await t
        .http()
        .post(`/api/moderation/members/${peer.id}/suspend`)
        .set(admin.auth)
        .send(body)
        .expect(200);
      expect(await audit('member.suspended', peer.id)).toBe(1);
      expect(
        await countRows(t, 'members', 'id = $1 AND suspended_until IS NOT NULL', [member.id]),
      ).toBe(0);
    });

    it('finds members by name or email, with role, tier and suspension', async () => {
      const name = `查找${randomUUID().slice(0, 6)}`;
      const member = await createGoldenCrownMember(t, { displayName: name });
      const byName = await t
        .http()
        .get('/api/moderation/members')
        .query({ q: name })
        .set(moderator.auth)
        .expect(200);
      expect(byName.body.items).toEqual([
        expect.objectContaining({
          id: member.id,
          email: member.email,
          tier: 'golden_crown',
          role: 'member',
          suspended: false,
        }),
      ]);
      const byEmail = await t
        .http()
        .get('/api/moderation/members')
        .query({ q: member.email.toUpperCase() })
        .set(moderator.auth)
        .expect(200);
      expect(byEmail.body.items.map((m: { id: string }) => m.id)).toEqual([member.id]);
      const wildcard = await t
        .http()
        .get('/api/moderation/members')
        .query({ q: '%' })
        .set(moderator.auth)
        .expect(200);
      expect(wildcard.body.items).toEqual([]);
    });
  });

  describe('audit log', () => {
    it('lists every action newest first, and no route changes it', async () => {
      const member = await createMember(t);
      const body = { until: new Date(Date.now() + 60_000).toISOString(), reason: 'audit' };
      await t
        .http()
        .post(`/api/moderation/members/${member.id}/suspend`)
        .set(moderator.auth)
        .send(body)
        .expect(200);
      await t
        .http()
        .post(`/api/moderation/members/${member.id}/unsuspend`)
        .set(moderator.auth)
        .expect(200);
      const res = await t
        .http()
        .get('/api/moderation/audit-log')
        .query({ limit: 2 })
        .set(moderator.auth)
        .expect(200);
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual([
        'member.unsuspended',
        'member.suspended',
      ]);
      expect(res.body.items[0]).toEqual({
        id: expect.any(String),
        actorId: moderator.id,
        actor: { id: moderator.id, displayName: moderator.displayName, erased: false },
        action: 'member.unsuspended',
        targetType: 'member',
        targetId: member.id,
        member: { id: member.id, displayName: member.displayName, erased: false },
        detail: expect.any(Object),
        at: expect.any(String),
      });
      expect(res.body.nextCursor).toEqual(expect.any(String));
      const entryId = res.body.items[0].id as string;
      for (const method of ['patch', 'delete', 'put'] as const) {
        const client = t.http();
        const attempt = await client[method](`/api/moderation/audit-log/${entryId}`).set(
          moderator.auth,
        );
        expect(attempt.status).toBe(404);
      }
      expect(await countRows(t, 'audit_log', 'id = $1', [entryId])).toBe(1);
    });
  });
});

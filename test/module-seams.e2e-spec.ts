import { randomUUID } from 'node:crypto';
import { MessageReportableContent } from '../src/modules/discussion/messages.reportable-content';
import { MemberRolesService } from '../src/modules/members/member-roles.service';
import { MembersService } from '../src/modules/members/members.service';
import { SuspensionService } from '../src/modules/members/suspension.service';
import { ReportableContents } from '../src/modules/moderation/content/reportable-contents';
import { ModerationModule } from '../src/modules/moderation/moderation.module';
import {
  CommentReportableContent,
  PostReportableContent,
} from '../src/modules/posts/posts.reportable-content';
import { PostsModule } from '../src/modules/posts/posts.module';
import { DiscussionModule } from '../src/modules/discussion/discussion.module';
import { countRows, createMember, FACTORY_PASSWORD } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

describe('Module seams (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('members as other features read them', () => {
    it('findActive never carries the password hash, fresh or from the cache', async () => {
      const member = await createMember(t);
      const sut = t.app.get(MembersService);
      const fresh = await sut.findActive(member.id);
      const cached = await sut.findActive(member.id);
      expect(fresh).toMatchObject({ id: member.id, email: member.email });
      expect(fresh).not.toHaveProperty('passwordHash');
      expect(cached).not.toHaveProperty('passwordHash');
    });

    it('findByEmail and create answer without the hash; the login lookup hands it apart', async () => {
      const member = await createMember(t);
      const sut = t.app.get(MembersService);
      const byEmail = await sut.findByEmail(member.email.toUpperCase());
      expect(byEmail).toMatchObject({ id: member.id });
      expect(byEmail).not.toHaveProperty('passwordHash');

      const login = await sut.findWithPasswordHash(member.email);
      expect(login?.member).toMatchObject({ id: member.id });
      expect(login?.member).not.toHaveProperty('passwordHash');
      expect(login?.passwordHash).toMatch(/^\$argon2/);

      const created = await sut.create({
        email: `seams-${randomUUID()}@example.com`,
        passwordHash: 'not-a-real-hash',
        displayName: 'Seams',
      });
      expect(created.id).toEqual(expect.any(String));
      expect(created).not.toHaveProperty('passwordHash');
      expect(await sut.findWithPasswordHash(created.email ?? '')).toMatchObject({
        passwordHash: 'not-a-real-hash',
      });
    });

    it('signs in with the hash checked but never answers or passes it on', async () => {
      const member = await createMember(t);
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: FACTORY_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.member).toMatchObject({ id: member.id });
      expect(JSON.stringify(res.body)).not.toContain('argon2');
    });

    it('role changes and suspensions are their own services, audited', async () => {
      const member = await createMember(t);
      const admin = await createMember(t, { role: 'admin' });
      await t.app.get(MemberRolesService).promoteToAdmin(member.id);
      expect((await t.app.get(MembersService).findActive(member.id))?.role).toBe('admin');
      expect(
        await countRows(t, 'audit_log', "action = 'member.role_changed' AND target_id = $1", [
          member.id,
        ]),
      ).toBe(1);

      const target = await createMember(t);
      const until = new Date(Date.now() + 3_600_000);
      const suspended = await t.app
        .get(SuspensionService)
        .suspend({ ...admin, suspendedUntil: null }, target.id, until, 'spam');
      expect(suspended).toMatchObject({ id: target.id, suspended: true });
      expect((await t.app.get(MembersService).findActive(target.id))?.suspendedUntil).toEqual(
        until,
      );
    });
  });

  describe('reportable content', () => {
    it('each report target type is answered by the feature that owns the content', () => {
      const sut = t.app.get(ReportableContents);
      expect(sut.of('post')).toBe(t.app.select(PostsModule).get(PostReportableContent));
      expect(sut.of('comment')).toBe(t.app.select(PostsModule).get(CommentReportableContent));
      expect(sut.of('message')).toBe(t.app.select(DiscussionModule).get(MessageReportableContent));
    });

    it('moderation imports neither the posts nor the discussion module', () => {
      const imports = Reflect.getMetadata('imports', ModerationModule) as unknown[];
      expect(imports).not.toContain(PostsModule);
      expect(imports).not.toContain(DiscussionModule);
    });
  });
});

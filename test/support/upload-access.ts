import { createGoldenCrownMember, createMember, createModerator, createPost } from './factories';
import type { TestApp } from './test-app';
import { fetchFile, image, jpegWithExif, PDF, upload } from './uploads';

/**
 * Who reads which upload, and what the served bytes are: the same on every store (the
 * local directory and S3), so each store's spec runs these.
 */
export function describeUploadAccess(app: () => TestApp): void {
  describe('access per purpose', () => {
    it('serves an avatar to anyone, publicly cached, as the profile picture and author avatar', async () => {
      const t = app();
      const member = await createMember(t);
      const res = await upload(t, member, 'avatar', await image(400, 300), 'me.png');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        contentType: 'image/png',
        width: 256,
        height: 256,
        purpose: 'avatar',
      });
      expect(res.body.url).toBe(`/api/uploads/${res.body.id}`);
      const file = await fetchFile(t, res.body.url);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-disposition']).toMatch(/^inline/);
      expect(file.headers['cache-control']).toMatch(/^public, max-age=31536000/);
      await expect((await import('sharp')).default(file.body).metadata()).resolves.toMatchObject({
        width: 256,
        height: 256,
      });
      const webp = await fetchFile(t, `${res.body.url}?variant=webp`);
      expect(webp.status).toBe(200);
      expect(webp.headers['content-type']).toBe('image/webp');
      expect(webp.body.subarray(8, 12).toString()).toBe('WEBP');

      const profile = await t.http().get(`/api/members/${member.id}`).set(member.auth);
      expect(profile.body.avatarUrl).toBe(res.body.url);
      const post = await createPost(t, member);
      expect(post.author.avatarUrl).toBe(res.body.url);
      // Chat and direct messages carry it too: as sent, and in the history.
      const partner = await createMember(t);
      const started = await t
        .http()
        .post('/api/conversations')
        .set(member.auth)
        .send({ memberIds: [partner.id], body: 'hello with a face' })
        .expect(201);
      const history = await t
        .http()
        .get(`/api/conversations/${started.body.id}/messages`)
        .set(partner.auth)
        .expect(200);
      expect(history.body.items[0].author).toEqual({
        id: member.id,
        displayName: member.displayName,
        avatarUrl: res.body.url,
      });
      const sent = await t
        .http()
        .post(`/api/conversations/${started.body.id}/messages`)
        .set(member.auth)
        .send({ clientMsgId: 'face-2', body: 'again' })
        .expect(201);
      expect(sent.body.author.avatarUrl).toBe(res.body.url);
    });

    it('removes EXIF (a known marker is gone from the served bytes)', async () => {
      const t = app();
      const member = await createMember(t);
      const marker = `GPS-MARKER-${Date.now()}`;
      const original = await jpegWithExif(marker);
      expect(original.includes(marker)).toBe(true);
      const res = await upload(t, member, 'post_image', original, 'photo.jpg');
      expect(res.status).toBe(201);
      expect(res.body.contentType).toBe('image/jpeg');
      const served = await fetchFile(t, res.body.url, member);
      expect(served.status).toBe(200);
      expect(served.body.includes(marker)).toBe(false);
      expect(served.body.includes('Exif')).toBe(false);
      const webp = await fetchFile(t, `${res.body.url}?variant=webp`, member);
      expect(webp.body.includes(marker)).toBe(false);
    });

    it('shows a post image to its uploader before use, then as its post, private to caches', async () => {
      const t = app();
      const author = await createGoldenCrownMember(t);
      const other = await createMember(t);
      const golden = await createGoldenCrownMember(t);
      const { body: file } = await upload(t, author, 'post_image', await image(3000, 1000));
      expect(file).toMatchObject({ width: 2048, height: 683 });

      expect((await fetchFile(t, file.url, author)).status).toBe(200);
      expect((await fetchFile(t, file.url, other)).status).toBe(404);
      expect((await fetchFile(t, file.url)).status).toBe(404);

      const post = await createPost(t, author, { body: `Dashboard:\n\n![chart](${file.url})` });
      expect(post.bodyHtml).toContain(`<img src="${file.url}" alt="chart"`);
      expect(post.coverImageUrl).toBe(file.url);
      const list = await t.http().get('/api/posts').set(other.auth);
      expect(list.body.items.find((p: { id: string }) => p.id === post.id).coverImageUrl).toBe(
        file.url,
      );
      const visitor = await fetchFile(t, file.url);
      expect(visitor.status).toBe(200);
      expect(visitor.headers['cache-control']).toMatch(/^private/);

      // The post becomes Golden Crown only: a standard member and visitors lose the image.
      const patched = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(author.auth)
        .send({ visibility: 'golden_crown' });
      expect(patched.status).toBe(200);
      expect((await fetchFile(t, file.url)).status).toBe(404);
      expect((await fetchFile(t, file.url, other)).status).toBe(404);
      expect((await fetchFile(t, file.url, golden)).status).toBe(200);
      expect((await fetchFile(t, file.url, author)).status).toBe(200);
    });

    it("renders another member's upload and foreign images as links", async () => {
      const t = app();
      const owner = await createMember(t);
      const thief = await createMember(t);
      const { body: file } = await upload(t, owner, 'post_image', await image());
      const post = await createPost(t, thief, {
        body: `![stolen](${file.url}) ![pixel](https://tracker.example/p.gif)`,
      });
      expect(post.bodyHtml).not.toContain('<img');
      expect(post.bodyHtml).toContain(`<a href="${file.url}"`);
      expect(post.bodyHtml).toContain('<a href="https://tracker.example/p.gif"');
      expect(post.coverImageUrl).toBeNull();
      // Not the owner's post: the image stays unreadable to others.
      expect((await fetchFile(t, file.url, thief)).status).toBe(404);
    });

    it('shows evidence to the applicant and moderators only, never cached', async () => {
      const t = app();
      const applicant = await createMember(t);
      const other = await createMember(t);
      const moderator = await createModerator(t);
      const res = await upload(t, applicant, 'application_evidence', PDF, 'turnover.pdf');
      expect(res.status).toBe(201);
      expect(res.body.contentType).toBe('application/pdf');
      expect(res.body.width).toBeUndefined();
      const own = await fetchFile(t, res.body.url, applicant);
      expect(own.status).toBe(200);
      expect(own.body.equals(PDF)).toBe(true);
      expect(own.headers['cache-control']).toBe('private, no-store');
      expect(own.headers['content-disposition']).toMatch(/^attachment/);
      expect(own.headers['content-type']).toBe('application/pdf');
      expect((await fetchFile(t, res.body.url, moderator)).status).toBe(200);
      expect((await fetchFile(t, res.body.url, other)).status).toBe(404);
      expect((await fetchFile(t, res.body.url)).status).toBe(404);
    });

    it('deletes by the uploader or a moderator (audited), 404 for others', async () => {
      const t = app();
      const owner = await createMember(t);
      const other = await createMember(t);
      const moderator = await createModerator(t);
      const first = (await upload(t, owner, 'avatar', await image(30, 30))).body;
      const second = (await upload(t, owner, 'post_image', await image(31, 31))).body;
      expect((await t.http().delete(`/api/uploads/${first.id}`).set(other.auth)).status).toBe(404);
      expect((await t.http().delete(`/api/uploads/${first.id}`).set(owner.auth)).status).toBe(204);
      expect((await fetchFile(t, first.url)).status).toBe(404);
      const profile = await t.http().get(`/api/members/${owner.id}`).set(owner.auth);
      expect(profile.body.avatarUrl).toBeNull();
      expect((await t.http().delete(`/api/uploads/${second.id}`).set(moderator.auth)).status).toBe(
        204,
      );
      const audit = await t.dataSource.query(
        `SELECT actor_id FROM audit_log WHERE action = 'upload.deleted' AND target_id = $1`,
        [second.id],
      );
      expect(audit).toEqual([{ actor_id: moderator.id }]);
      expect((await t.http().delete(`/api/uploads/${second.id}`).set(owner.auth)).status).toBe(404);
    });
  });
}

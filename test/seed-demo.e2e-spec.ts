import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { buildDemoData, DEMO_PASSWORD, type DemoData } from '../src/cli/seed/demo-data';
import { drawPicture } from '../src/cli/seed/demo-pictures';
import { seedDemo, type DemoSeedOptions } from '../src/cli/seed/write-demo';
import { dataSourceOptions } from '../src/database/data-source.options';
import { EMBEDDED_DATABASE } from '../src/database/database.module';
import type { EmbeddedDatabase } from '../src/database/embedded-database';
import { RegisterDto } from '../src/modules/auth/dto/auth.dto';
import { PasswordService } from '../src/modules/auth/password.service';
import { SendMessagePayload } from '../src/modules/discussion/dto/socket.dto';
import { UpdateProfileDto } from '../src/modules/members/dto/member.dto';
import { seesGoldenCrown } from '../src/modules/members/member.types';
import { CreateApplicationDto } from '../src/modules/membership/dto/application-request.dto';
import { GoldenCrownRuleSet } from '../src/modules/membership/golden-crown.rules';
import { CreateCommentDto } from '../src/modules/posts/dto/comment.dto';
import { CreatePostDto } from '../src/modules/posts/dto/post.dto';
import { excerptOf } from '../src/modules/posts/excerpt';
import { JobRunner } from '../src/modules/jobs/job-runner';
import { PostRenderer } from '../src/modules/posts/post-renderer';
import { documentTokens } from '../src/common/search/search-tokens';
import { buildDemoNetwork } from '../src/cli/seed/demo-network';
import { CURRENT_PRIVACY_AGREEMENT } from '../src/modules/privacy/privacy-agreement';
import { processUpload } from '../src/modules/uploads/upload-processing';
import { UPLOAD_STORAGE, type UploadStorage } from '../src/modules/uploads/upload-storage';
import { uploadUrl } from '../src/modules/uploads/upload-url';
import { countRows, createMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { fetchFile } from './support/uploads';

/** The global ValidationPipe's options (src/common/validation/validation.pipe.ts). */
const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/**
 * Runs a record through a DTO as the API would: the problems class-validator finds, and
 * whether the pipe's transforms (trimming, lower-casing tags) would have changed it.
 */
function asTheApiWould<T extends object>(dto: ClassConstructor<T>, plain: object): string[] {
  const instance = plainToInstance(dto, plain, { enableImplicitConversion: false });
  const problems = validateSync(instance, PIPE_OPTIONS).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  const changed = Object.entries(plain).filter(
    ([key, value]) =>
      JSON.stringify((instance as Record<string, unknown>)[key]) !== JSON.stringify(value),
  );
  return [...problems, ...changed.map(([key]) => `${dto.name}.${key} would be transformed`)];
}

const TABLES = [
  'members',
  'posts',
  'post_comments',
  'post_likes',
  'messages',
  'membership_applications',
  'membership_application_history',
  'consents',
  'email_preferences',
  'mail_suppressions',
  'uploads',
] as const;

async function counts(t: TestApp): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) result[table] = await countRows(t, table);
  return result;
}

describe('The demo seed', () => {
  const data: DemoData = buildDemoData(new Date('2026-06-01T08:00:00Z'));

  describe('its records pass the validation the API applies', () => {
    it('members: registration and profile', () => {
      const problems = data.members.flatMap((m) => [
        ...asTheApiWould(RegisterDto, {
          email: m.email,
          password: DEMO_PASSWORD,
          displayName: m.displayName,
        }),
        ...asTheApiWould(UpdateProfileDto, {
          displayName: m.displayName,
          bio: m.bio,
          company: m.company,
          operatorType: m.operatorType,
          expertise: m.expertise,
        }),
      ]);
      expect(problems).toEqual([]);
    });

    it('posts, comments and replies', () => {
      const problems = [
        ...data.posts.flatMap((p) =>
          asTheApiWould(CreatePostDto, {
            title: p.title,
            body: p.body,
            tags: p.tags,
            visibility: p.visibility,
          }),
        ),
        ...data.comments.flatMap((c) =>
          asTheApiWould(
            CreateCommentDto,
            c.parentId ? { body: c.body, parentId: c.parentId } : { body: c.body },
          ),
        ),
      ];
      expect(problems).toEqual([]);
    });

    it('room messages', () => {
      const problems = data.messages.flatMap((m) =>
        asTheApiWould(SendMessagePayload, {
          roomId: '00000000-0000-4000-8000-000000000000',
          clientMsgId: m.clientMsgId,
          body: m.body,
        }),
      );
      expect(problems).toEqual([]);
    });

    it('Golden Crown applications: the form, and the rules a submission must pass', () => {
      const rules = new GoldenCrownRuleSet({ minAnnualTurnoverCny: 70_000_000 });
      const problems = data.applications.flatMap((a) => [
        ...asTheApiWould(CreateApplicationDto, {
          companyName: a.companyName,
          annualTurnoverCny: a.annualTurnoverCny,
          isDecisionMaker: a.isDecisionMaker,
          jobTitle: a.jobTitle,
          organizationType: a.organizationType,
          motivation: a.motivation,
          privacyAgreementVersion: CURRENT_PRIVACY_AGREEMENT.version,
          privacyConsent: true,
        }),
        ...rules.evaluate(a).reasons.map((reason) => `${a.companyName}: ${reason.code}`),
      ]);
      expect(problems).toEqual([]);
      // Eligible, and borderline: at (or just over) the threshold.
      expect(data.applications.map((a) => a.annualTurnoverCny).sort((x, y) => x - y)[0]).toBe(
        70_000_000,
      );
    });

    it('what the API would refuse does not happen: visibility, replies, applicants', () => {
      const byId = new Map(data.members.map((m) => [m.id, m]));
      const postById = new Map(data.posts.map((p) => [p.id, p]));
      const commentById = new Map(data.comments.map((c) => [c.id, c]));
      for (const post of data.posts.filter((p) => p.visibility === 'golden_crown')) {
        expect(seesGoldenCrown(byId.get(post.authorId)!)).toBe(true);
      }
      for (const comment of data.comments) {
        const post = postById.get(comment.postId)!;
        if (post.visibility === 'golden_crown') {
          expect(seesGoldenCrown(byId.get(comment.authorId)!)).toBe(true);
        }
        if (comment.parentId) {
          const parent = commentById.get(comment.parentId)!;
          expect(parent.postId).toBe(comment.postId);
          expect(parent.parentId).toBeNull();
        }
      }
      for (const message of data.messages.filter((m) => m.roomSlug === 'golden-crown-lounge')) {
        expect(seesGoldenCrown(byId.get(message.authorId)!)).toBe(true);
      }
      for (const application of data.applications) {
        expect(byId.get(application.applicantId)!.tier).toBe('standard');
      }
    });

    it('covers all four operator types, moderators, Golden Crown and both languages', () => {
      expect(new Set(data.members.map((m) => m.operatorType)).size).toBe(4);
      expect(data.members.some((m) => m.role === 'moderator')).toBe(true);
      expect(data.members.some((m) => m.tier === 'golden_crown')).toBe(true);
      expect(data.posts.some((p) => /\p{Script=Han}/u.test(p.title))).toBe(true);
      expect(data.posts.some((p) => /^[\x20-\x7e—–]+$/.test(p.title))).toBe(true);
    });

    it('files: avatars for most members, pictures in posts, evidence for every application', () => {
      const byPurpose = (purpose: string) => data.uploads.filter((u) => u.purpose === purpose);
      const avatars = byPurpose('avatar');
      expect(avatars.length).toBeGreaterThan(data.members.length / 2);
      expect(avatars.length).toBeLessThan(data.members.length);
      expect(new Set(avatars.map((u) => u.ownerId)).size).toBe(avatars.length);

      const pictures = byPurpose('post_image');
      expect(pictures.length).toBeGreaterThan(0);
      for (const picture of pictures) {
        const post = data.posts.find((p) => p.id === picture.postId)!;
        // As the editor inserts an uploaded image; the author's own upload.
        expect(post.body).toContain(`\n\n![](${uploadUrl(picture.id)})\n\n`);
        expect(picture.ownerId).toBe(post.authorId);
      }
      expect(data.posts.filter((p) => p.body.includes('{picture}'))).toEqual([]);

      for (const application of data.applications) {
        const evidence = byPurpose('application_evidence').filter(
          (u) => u.applicationId === application.id,
        );
        expect(evidence.length).toBeGreaterThanOrEqual(1);
        expect(evidence.length).toBeLessThanOrEqual(2);
        for (const file of evidence) {
          expect(file.ownerId).toBe(application.applicantId);
          expect(file.createdAt.getTime()).toBeLessThan(application.createdAt.getTime());
        }
      }
      expect(byPurpose('application_evidence').some((u) => u.fileName.endsWith('.pdf'))).toBe(true);
      expect(new Set(data.uploads.map((u) => u.id)).size).toBe(data.uploads.length);
    });

    it('files are drawn the same on every run and accepted by the upload pipeline', async () => {
      for (const upload of data.uploads) {
        const bytes = await drawPicture(upload.picture);
        expect((await drawPicture(upload.picture)).equals(bytes)).toBe(true);
        const processed = await processUpload(upload.purpose, upload.fileName, bytes);
        if (processed.contentType === 'application/pdf') {
          expect(processed.webp).toBeNull();
        } else {
          expect(processed.webp?.key).toMatch(/^[0-9a-f]{64}\.webp$/);
          if (upload.purpose === 'avatar')
            expect([processed.width, processed.height]).toEqual([256, 256]);
        }
      }
    });

    it('is deterministic: the same records on every run', () => {
      const again = buildDemoData(new Date('2026-06-01T08:00:00Z'));
      expect(again).toEqual(data);
      const later = buildDemoData(new Date('2026-07-01T08:00:00Z'));
      expect(later.posts.map((p) => [p.id, p.authorId, p.title])).toEqual(
        data.posts.map((p) => [p.id, p.authorId, p.title]),
      );
    });
  });

  describe('written to the database', () => {
    let t: TestApp;
    let options: DemoSeedOptions;
    let storage: UploadStorage;
    // The seed's own connection, as `npm run seed:demo` opens it: no entity metadata.
    let seedSource: DataSource;
    const moderatorLogin = async (): Promise<{ Authorization: string }> => {
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'laogao@demo.laogao.local', password: DEMO_PASSWORD })
        .expect(200);
      return { Authorization: `Bearer ${login.body.accessToken as string}` };
    };

    beforeAll(async () => {
      t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
      // The digest job would write email_preferences rows for the demo members between the
      // two seed runs (their digest is due): counts must change only by what the seed does.
      await t.app.get(JobRunner).stop();
      seedSource = await new DataSource(
        dataSourceOptions(
          t.config,
          t.app.get<EmbeddedDatabase | null>(EMBEDDED_DATABASE) ?? undefined,
        ),
      ).initialize();
      // The server's own store: what the seed writes, the server serves.
      storage = t.app.get(UPLOAD_STORAGE);
      options = {
        passwordHash: await t.app.get(PasswordService).hash(DEMO_PASSWORD),
        minAnnualTurnoverCny: t.config.GOLDEN_CROWN_MIN_TURNOVER_CNY,
        storage,
      };
    });

    afterAll(async () => {
      await seedSource.destroy();
      await t.close();
    });

    it('is idempotent: a second run adds nothing and changes no count', async () => {
      const first = await seedDemo(seedSource, data, options);
      const network = buildDemoNetwork(data);
      expect(first).toEqual({
        members: data.members.length,
        posts: data.posts.length,
        post_comments: data.comments.length,
        post_likes: data.likes.length,
        messages: data.messages.length,
        membership_applications: data.applications.length,
        membership_application_history: data.applications.length,
        consents: data.applications.length,
        email_preferences: 1,
        member_follows: network.follows.length,
        tag_follows: network.tagFollows.length,
        post_bookmarks: network.bookmarks.length,
        mail_suppressions: 1,
        uploads: data.uploads.length,
      });
      const before = await counts(t);
      // The second run stores no file either.
      const puts: string[] = [];
      const watched: UploadStorage = {
        put: (key, bytes, contentType) => {
          puts.push(key);
          return storage.put(key, bytes, contentType);
        },
        get: (key) => storage.get(key),
        delete: (key) => storage.delete(key),
      };
      const second = await seedDemo(seedSource, buildDemoData(), {
        ...options,
        storage: watched,
      });
      expect(Object.values(second).every((n) => n === 0)).toBe(true);
      expect(await counts(t)).toEqual(before);
      expect(puts).toEqual([]);
    });

    it('stores each file as the upload pipeline does: its row, its bytes and WebP variant in the store', async () => {
      const rows = await t.dataSource.query<
        {
          id: string;
          owner_id: string;
          purpose: string;
          content_type: string;
          bytes: number;
          width: number | null;
          height: number | null;
          storage_key: string;
          webp_key: string | null;
          application_id: string | null;
        }[]
      >('SELECT * FROM uploads');
      expect(rows).toHaveLength(data.uploads.length);
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const upload of data.uploads) {
        const processed = await processUpload(
          upload.purpose,
          upload.fileName,
          await drawPicture(upload.picture),
        );
        expect(byId.get(upload.id)).toEqual({
          id: upload.id,
          owner_id: upload.ownerId,
          purpose: upload.purpose,
          content_type: processed.contentType,
          bytes: processed.bytes.length,
          width: processed.width,
          height: processed.height,
          storage_key: processed.key,
          webp_key: processed.webp?.key ?? null,
          application_id: upload.applicationId ?? null,
          created_at: upload.createdAt,
        });
        const stored = await storage.get(processed.key);
        expect(stored?.bytes).toBe(processed.bytes.length);
        stored?.body.destroy();
        if (processed.webp) {
          const variant = await storage.get(processed.webp.key);
          expect(variant?.bytes).toBe(processed.webp.bytes.length);
          variant?.body.destroy();
        }
      }
    });

    it('shows avatars on most members: served to anyone, PNG and WebP', async () => {
      const avatars = data.uploads.filter((u) => u.purpose === 'avatar');
      const withAvatar = await t.dataSource.query<{ id: string; avatar_upload_id: string }[]>(
        'SELECT id, avatar_upload_id FROM members WHERE avatar_upload_id IS NOT NULL',
      );
      expect(new Map(withAvatar.map((m) => [m.id, m.avatar_upload_id]))).toEqual(
        new Map(avatars.map((u) => [u.ownerId, u.id])),
      );
      const initialsOnly = data.members.find((m) => !avatars.some((u) => u.ownerId === m.id))!;
      const plain = await t.http().get(`/api/members/${initialsOnly.id}`).expect(200);
      expect(plain.body.avatarUrl).toBeNull();

      const avatar = avatars[0];
      const profile = await t.http().get(`/api/members/${avatar.ownerId}`).expect(200);
      expect(profile.body.avatarUrl).toBe(uploadUrl(avatar.id));
      const png = await fetchFile(t, profile.body.avatarUrl as string);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');
      const webp = await fetchFile(t, `${uploadUrl(avatar.id)}?variant=webp`);
      expect(webp.status).toBe(200);
      expect(webp.headers['content-type']).toBe('image/webp');
    });

    it('shows a picture in posts: the body names the upload, the HTML shows it, it is the cover', async () => {
      const pictures = data.uploads.filter((u) => u.purpose === 'post_image');
      for (const picture of pictures) {
        const [row] = await t.dataSource.query<
          { body: string; body_html: string; cover_upload_id: string | null }[]
        >('SELECT body, body_html, cover_upload_id FROM posts WHERE id = $1', [picture.postId]);
        expect(row.body).toContain(`![](${uploadUrl(picture.id)})`);
        expect(row.body_html).toContain(`<img src="${uploadUrl(picture.id)}"`);
        expect(row.cover_upload_id).toBe(picture.id);
        // A public post: a visitor sees the picture.
        const post = await t.http().get(`/api/posts/${picture.postId}`).expect(200);
        expect(post.body.bodyHtml).toContain(`<img src="${uploadUrl(picture.id)}"`);
        const file = await fetchFile(t, uploadUrl(picture.id));
        expect(file.status).toBe(200);
        expect(file.headers['content-type']).toMatch(/^image\/(png|jpeg)$/);
      }
    });

    it('lists each application’s evidence in the review: moderators open it, other members do not', async () => {
      const auth = await moderatorLogin();
      const member = await createMember(t);
      for (const application of data.applications) {
        const expected = data.uploads.filter((u) => u.applicationId === application.id);
        const review = await t
          .http()
          .get(`/api/moderation/applications/${application.id}`)
          .set(auth)
          .expect(200);
        const evidence = review.body.evidence as { id: string; url: string; contentType: string }[];
        expect(evidence.map((file) => file.id)).toEqual(expected.map((u) => u.id));
        for (const file of evidence) {
          const served = await t.http().get(file.url).set(auth).buffer(true).expect(200);
          expect(served.headers['content-type']).toBe(file.contentType);
          await t.http().get(file.url).set(member.auth).expect(404);
        }
      }
    });

    it('stores posts as the posts module renders and tokenizes them, with true like counts', async () => {
      const renderer = t.app.get(PostRenderer);
      const rows = await t.dataSource.query<
        {
          id: string;
          body_html: string;
          excerpt: string;
          search_tokens: string[];
          like_count: number;
          likes: number;
        }[]
      >(
        `SELECT p.id, p.body_html, p.excerpt, p.search_tokens, p.like_count,
                (SELECT count(*)::int FROM post_likes l WHERE l.post_id = p.id) AS likes
         FROM posts p`,
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const post of data.posts) {
        const row = byId.get(post.id)!;
        // As the server renders a body it publishes: the author's own pictures show.
        expect(row.body_html).toBe(
          (await renderer.render(post.body, undefined, post.authorId)).bodyHtml,
        );
        expect(row.excerpt).toBe(excerptOf(post.body));
        expect(row.search_tokens).toEqual(documentTokens(post.title, post.body, ...post.tags));
        expect(row.like_count).toBe(row.likes);
      }
    });

    it('stores replies that mention their commenter exactly as the server renders them', async () => {
      const mentioning = data.comments.filter((c) => c.body.startsWith('@['));
      expect(mentioning.length).toBeGreaterThan(5);
      const renderer = t.app.get(PostRenderer);
      for (const comment of mentioning) {
        const [row] = await t.dataSource.query<{ body_html: string }[]>(
          'SELECT body_html FROM post_comments WHERE id = $1',
          [comment.id],
        );
        const expected = await renderer.render(comment.body);
        expect(expected.mentionedIds).toHaveLength(1);
        expect(row.body_html).toBe(expected.bodyHtml);
        expect(row.body_html).toContain(`href="/members/${expected.mentionedIds[0]}"`);
      }
    });

    it('keeps every room’s seq gapless and its counter at the last message', async () => {
      const rooms = await t.dataSource.query<
        { slug: string; last_seq: number; n: number; max_seq: number; min_seq: number }[]
      >(
        `SELECT r.slug, r.last_seq, count(m.id)::int AS n, max(m.seq) AS max_seq, min(m.seq) AS min_seq
         FROM rooms r JOIN messages m ON m.room_id = r.id GROUP BY r.id ORDER BY r.slug`,
      );
      expect(rooms.map((r) => r.slug)).toEqual(['general', 'golden-crown-lounge']);
      for (const room of rooms) {
        expect([room.min_seq, room.max_seq, room.last_seq]).toEqual([1, room.n, room.n]);
      }
    });

    it('gives a browsable community: sign in, search in Chinese, review the applications', async () => {
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'laogao@demo.laogao.local', password: DEMO_PASSWORD })
        .expect(200);
      const auth = { Authorization: `Bearer ${login.body.accessToken as string}` };
      expect(login.body.member).toMatchObject({ role: 'moderator', tier: 'golden_crown' });

      const search = await t.http().get('/api/posts').query({ q: '直通车' }).expect(200);
      expect((search.body.items as { title: string }[]).map((p) => p.title)).toContain(
        '直通车预算有限时，优先投哪些词？',
      );
      const english = await t.http().get('/api/posts').query({ q: 'UTM' }).expect(200);
      expect(english.body.items.length).toBeGreaterThan(0);

      const queue = await t.http().get('/api/moderation/applications').set(auth).expect(200);
      expect(queue.body.items).toHaveLength(data.applications.length);
      expect(await countRows(t, 'consents', "purpose = 'golden_crown_application'")).toBe(
        data.applications.length,
      );

      const rooms = await t.http().get('/api/rooms').set(auth).expect(200);
      const general = (rooms.body.items as { id: string; slug: string }[]).find(
        (room) => room.slug === 'general',
      )!;
      const history = await t.http().get(`/api/rooms/${general.id}/messages`).set(auth).expect(200);
      expect(history.body.items.length).toBeGreaterThan(10);
    });
  });
});

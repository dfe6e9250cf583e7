import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { buildDemoData, DEMO_PASSWORD, type DemoData } from '../src/cli/seed/demo-data';
import { seedDemo, type DemoSeedOptions } from '../src/cli/seed/write-demo';
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
import { UPLOAD_STORAGE } from '../src/modules/uploads/upload-storage';
import { countRows } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

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

    beforeAll(async () => {
      t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' });
      // The digest job would write email_preferences rows for the demo members between the
      // two seed runs (their digest is due): counts must change only by what the seed does.
      await t.app.get(JobRunner).stop();
      options = {
        passwordHash: await t.app.get(PasswordService).hash(DEMO_PASSWORD),
        minAnnualTurnoverCny: t.config.GOLDEN_CROWN_MIN_TURNOVER_CNY,
        storage: t.app.get(UPLOAD_STORAGE),
      };
    });

    afterAll(() => t.close());

    it('is idempotent: a second run adds nothing and changes no count', async () => {
      const first = await seedDemo(t.dataSource, data, options);
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
      const second = await seedDemo(t.dataSource, buildDemoData(), options);
      expect(Object.values(second).every((n) => n === 0)).toBe(true);
      expect(await counts(t)).toEqual(before);
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

import type { DataSource, EntityManager } from 'typeorm';
import { GoldenCrownRuleSet } from '../../modules/membership/golden-crown.rules';
import { firstMentions } from '../../modules/mentions/mention-syntax';
import { markdownMentions, markdownUploadIds, renderMarkdown } from '../../modules/posts/markdown';
import type { UploadStorage } from '../../modules/uploads/upload-storage';
import { coverUploadIdOf } from '../../modules/uploads/upload-url';
import { excerptOf } from '../../modules/posts/excerpt';
import { documentTokens, documentWeights } from '../../common/search/search-tokens';
import { CURRENT_PRIVACY_AGREEMENT } from '../../modules/privacy/privacy-agreement';
import type { DemoData, SeedMessage } from './demo-data';
import { seedNetwork } from './demo-network';
import { seedEvidence, seedMemberFiles } from './demo-uploads';
import { seedUuid } from './random';
import { insertRows, type Query } from './sql';

export interface DemoSeedOptions {
  /** The argon2id hash of the demo password, made once (`PasswordService.hash`). */
  passwordHash: string;
  /** `GOLDEN_CROWN_MIN_TURNOVER_CNY` in force: applications are judged by the same rules. */
  minAnnualTurnoverCny: number;
  /** The server's file store (`openUploadStorage`): avatars, post pictures, evidence. */
  storage: UploadStorage;
}

/** How many rows each table gained (0 everywhere on a second run). */
export type DemoSeedReport = Record<
  | 'members'
  | 'posts'
  | 'post_comments'
  | 'post_likes'
  | 'messages'
  | 'membership_applications'
  | 'membership_application_history'
  | 'consents'
  | 'member_follows'
  | 'tag_follows'
  | 'post_bookmarks'
  | 'email_preferences'
  | 'mail_suppressions'
  | 'uploads',
  number
>;

const on = (runner: DataSource | EntityManager): Query => runner.query.bind(runner);

/**
 * Writes the demo community. Idempotent: every row has a fixed id or natural key and goes
 * in with `ON CONFLICT DO NOTHING`; messages and applications, which need more than one
 * row to stay consistent (a room's gapless `seq`, an application's history and consent),
 * are written in small transactions that first look for what is already there.
 *
 * Post bodies are rendered and tokenized by the posts module's own functions, so the
 * seeded posts look, and are found, exactly like posts written through the API. Files
 * (avatars, post pictures, application evidence) go through the uploads module's pipeline
 * into `options.storage`, the store the server reads (`demo-uploads.ts`).
 */
export async function seedDemo(
  dataSource: DataSource,
  data: DemoData,
  options: DemoSeedOptions,
): Promise<DemoSeedReport> {
  const query = on(dataSource);
  const report: DemoSeedReport = {
    members: 0,
    posts: 0,
    post_comments: 0,
    post_likes: 0,
    messages: 0,
    membership_applications: 0,
    membership_application_history: 0,
    consents: 0,
    email_preferences: 0,
    member_follows: 0,
    tag_follows: 0,
    post_bookmarks: 0,
    mail_suppressions: 0,
    uploads: 0,
  };

  report.members = await insertRows(
    query,
    'members',
    [
      'id',
      'email',
      'password_hash',
      'display_name',
      'bio',
      'company',
      'operator_type',
      'expertise',
      'role',
      'tier',
      'email_verified_at',
      'created_at',
      'updated_at',
    ],
    data.members.map((m) => [
      m.id,
      m.email,
      options.passwordHash,
      m.displayName,
      m.bio,
      m.company,
      m.operatorType,
      m.expertise,
      m.role,
      m.tier,
      m.createdAt,
      m.createdAt,
      m.createdAt,
    ]),
  );
  const present = (await query('SELECT id FROM members WHERE id = ANY($1::uuid[])', [
    data.members.map((m) => m.id),
  ])) as { id: string }[];
  if (present.length !== data.members.length) {
    throw new Error(
      `Some demo emails (@${data.members[0].email.split('@')[1]}) belong to other accounts; ` +
        'the demo cannot be seeded into this database.',
    );
  }

  // Golden Crown terms: a year from now, except the last Golden Crown member's, which ends in
  // 40 days (inside the 60-day renewal window: the Golden Crown page offers the renewal).
  // Only terms not set yet, so a second run changes nothing.
  const crowned = data.members.filter((m) => m.tier === 'golden_crown').map((m) => m.id);
  const nearEnd = crowned.at(-1);
  await query(
    `UPDATE members SET golden_crown_until = now() + make_interval(days => CASE WHEN id = $2::uuid THEN 40 ELSE 365 END)
      WHERE id = ANY($1::uuid[]) AND tier = 'golden_crown' AND golden_crown_until IS NULL`,
    [crowned, nearEnd ?? null],
  );

  // Email preferences: the first demo member has comments mailed at once and a weekly digest.
  report.email_preferences = await insertRows(
    query,
    'email_preferences',
    ['member_id', 'digest', 'kinds'],
    [
      [
        data.members[0].id,
        'weekly',
        JSON.stringify({ comment_on_post: 'instant', reply_to_comment: 'instant' }),
      ],
    ],
  );

  // An address the mail server refused for good (Moderation → Undeliverable mail): a demo
  // member's former address, so every demo account still gets its mail.
  const bounced = data.members[data.members.length - 1];
  report.mail_suppressions = await insertRows(
    query,
    'mail_suppressions',
    ['address', 'code', 'reason', 'member_id', 'first_refused_at', 'last_refused_at'],
    [
      [
        `old.${bounced.email}`,
        550,
        `550 5.1.1 <old.${bounced.email}>: Recipient address rejected: User unknown`,
        bounced.id,
        bounced.createdAt,
        bounced.createdAt,
      ],
    ],
  );

  // Avatars and post pictures: a post shows only images whose rows exist.
  report.uploads += await seedMemberFiles(dataSource, options.storage, data);

  // Mentions name demo members only: resolved from the seed's own list, as the server would.
  const everyone = {
    byId: new Map(data.members.map((m) => [m.id, m.displayName])),
    byName: new Map<string, { memberId: string; displayName: string }>(),
  };
  // An image shows when it is its author's own post picture, as the server's renderer finds.
  const pictures = (await query(
    `SELECT id, owner_id FROM uploads WHERE id = ANY($1::uuid[]) AND purpose = 'post_image'`,
    [data.posts.flatMap((p) => markdownUploadIds(p.body))],
  )) as { id: string; owner_id: string }[];
  const ownerOf = new Map(pictures.map((row) => [row.id, row.owner_id]));
  const ownUploads = (body: string, authorId: string) =>
    new Set(markdownUploadIds(body).filter((id) => ownerOf.get(id) === authorId));
  const rendered = (body: string, authorId?: string) =>
    renderMarkdown(
      body,
      firstMentions(markdownMentions(body), everyone).mentions,
      authorId === undefined ? undefined : ownUploads(body, authorId),
    );

  report.posts = await insertRows(
    query,
    'posts',
    [
      'id',
      'author_id',
      'title',
      'body',
      'body_html',
      'cover_upload_id',
      'excerpt',
      'tags',
      'visibility',
      'search_tokens',
      'search_weights',
      'created_at',
      'updated_at',
    ],
    data.posts.map((p) => {
      const bodyHtml = rendered(p.body, p.authorId);
      return [
        p.id,
        p.authorId,
        p.title,
        p.body,
        bodyHtml,
        coverUploadIdOf(bodyHtml),
        excerptOf(p.body),
        p.tags,
        p.visibility,
        documentTokens(p.title, p.body, ...p.tags),
        JSON.stringify(documentWeights(p.title, p.body, p.tags)),
        p.createdAt,
        p.createdAt,
      ];
    }),
  );

  // Top-level comments before their replies.
  const ordered = [...data.comments].sort(
    (a, b) => Number(a.parentId !== null) - Number(b.parentId !== null),
  );
  report.post_comments = await insertRows(
    query,
    'post_comments',
    ['id', 'post_id', 'author_id', 'parent_id', 'body', 'body_html', 'created_at', 'updated_at'],
    ordered.map((c) => [
      c.id,
      c.postId,
      c.authorId,
      c.parentId,
      c.body,
      rendered(c.body),
      c.createdAt,
      c.createdAt,
    ]),
  );

  report.post_likes = await insertRows(
    query,
    'post_likes',
    ['post_id', 'member_id', 'created_at'],
    data.likes.map((l) => [l.postId, l.memberId, l.createdAt]),
  );
  // The counter the feed shows is the number of likes, whoever added them.
  await query(
    `UPDATE posts p SET like_count = (SELECT count(*) FROM post_likes l WHERE l.post_id = p.id)
     WHERE p.id = ANY($1::uuid[])`,
    [data.posts.map((p) => p.id)],
  );

  for (const slug of ['general', 'golden-crown-lounge'] as const) {
    report.messages += await seedRoom(
      dataSource,
      slug,
      data.messages.filter((m) => m.roomSlug === slug),
    );
  }

  const rules = new GoldenCrownRuleSet({ minAnnualTurnoverCny: options.minAnnualTurnoverCny });
  const agreementVersion = CURRENT_PRIVACY_AGREEMENT.version;
  for (const application of data.applications) {
    // Only what a submission would accept: the same rules, under the configured threshold.
    if (!rules.evaluate(application).eligible) continue;
    await dataSource.transaction(async (em) => {
      const inserted = await insertRows(
        on(em),
        'membership_applications',
        [
          'id',
          'applicant_id',
          'status',
          'company_name',
          'annual_turnover_cny',
          'is_decision_maker',
          'job_title',
          'organization_type',
          'motivation',
          'privacy_agreement_version',
          'rules_version',
          'created_at',
        ],
        [
          [
            application.id,
            application.applicantId,
            'pending',
            application.companyName,
            application.annualTurnoverCny,
            application.isDecisionMaker,
            application.jobTitle,
            application.organizationType,
            application.motivation,
            agreementVersion,
            rules.version,
            application.createdAt,
          ],
        ],
      );
      // Already there, or the applicant has another open application: leave it be.
      if (inserted === 0) return;
      report.membership_applications += inserted;
      report.membership_application_history += await insertRows(
        on(em),
        'membership_application_history',
        ['id', 'application_id', 'status', 'actor_id', 'at'],
        [
          [
            seedUuid(`history:${application.id}`),
            application.id,
            'pending',
            application.applicantId,
            application.createdAt,
          ],
        ],
      );
      report.consents += await insertRows(
        on(em),
        'consents',
        ['id', 'member_id', 'agreement_version', 'purpose', 'subject_id', 'consented_at'],
        [
          [
            seedUuid(`consent:${application.id}`),
            application.applicantId,
            agreementVersion,
            'golden_crown_application',
            application.id,
            application.createdAt,
          ],
        ],
      );
    });
  }
  // The pending applications' evidence, cited as a submission cites it.
  report.uploads += await seedEvidence(dataSource, options.storage, data);
  // Follows, followed tags, bookmarks and directory settings, once the posts are there.
  Object.assign(report, await seedNetwork(query, data));
  return report;
}

/**
 * Appends the demo messages a room does not have yet, numbered on from the room's counter
 * in one transaction with the counter's update: `seq` stays gapless, as when members send.
 */
async function seedRoom(
  dataSource: DataSource,
  slug: SeedMessage['roomSlug'],
  messages: SeedMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  return dataSource.transaction(async (em) => {
    const query = on(em);
    const [room] = (await query(
      `SELECT id, last_seq, (SELECT max(created_at) FROM messages WHERE room_id = rooms.id) AS last_at
       FROM rooms WHERE slug = $1 FOR UPDATE`,
      [slug],
    )) as { id: string; last_seq: number; last_at: Date | null }[];
    if (!room) throw new Error(`The room "${slug}" is missing: were the migrations run?`);
    const stored = (await query(
      `SELECT author_id, client_msg_id FROM messages
       WHERE author_id = ANY($1::uuid[]) AND client_msg_id = ANY($2::text[])`,
      [messages.map((m) => m.authorId), messages.map((m) => m.clientMsgId)],
    )) as { author_id: string; client_msg_id: string }[];
    const seen = new Set(stored.map((s) => `${s.author_id}/${s.client_msg_id}`));
    const missing = messages.filter((m) => !seen.has(`${m.authorId}/${m.clientMsgId}`));
    if (missing.length === 0) return 0;
    // After what members already said, so time and `seq` agree.
    const after = room.last_at?.getTime() ?? 0;
    const time = (m: SeedMessage, i: number) =>
      new Date(Math.max(m.createdAt.getTime(), after + i + 1));
    const inserted = await insertRows(
      query,
      'messages',
      ['room_id', 'seq', 'author_id', 'client_msg_id', 'body', 'created_at'],
      missing.map((m, i) => [
        room.id,
        room.last_seq + 1 + i,
        m.authorId,
        m.clientMsgId,
        m.body,
        time(m, i),
      ]),
      '',
    );
    await query('UPDATE rooms SET last_seq = last_seq + $2 WHERE id = $1', [room.id, inserted]);
    return inserted;
  });
}

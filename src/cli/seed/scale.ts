import type { DataSource } from 'typeorm';
import type { OperatorType } from '../../modules/members/member.types';
import { OPERATOR_TYPES } from '../../modules/members/member.types';
import { renderMarkdown } from '../../modules/posts/markdown';
import { excerptOf } from '../../modules/posts/excerpt';
import { documentTokens, documentWeights } from '../../common/search/search-tokens';
import { COMMENTS_EN, COMMENTS_ZH, DEMO_POSTS, GENERAL_CHAT, LOUNGE_CHAT } from './demo-content';
import { Progress } from './progress';
import { seedUuid } from './random';

/** Rows of the benchmark data set, from its number of posts. */
export interface ScaleCounts {
  members: number;
  posts: number;
  comments: number;
  likes: number;
  messages: number;
}

export function scaleCounts(posts: number): ScaleCounts {
  return {
    members: Math.max(20, Math.round(posts / 10)),
    posts,
    comments: posts,
    likes: posts * 2,
    messages: posts * 10,
  };
}

const DAY = 24 * 60 * 60 * 1000;
/** Separates list items inside one text parameter (never in tags or tokens). */
const SEP = '\u001f';
/** Share of members who are Golden Crown (they talk in the lounge) and moderators. */
const GOLDEN_EVERY = 10;
const MODERATOR_EVERY = 100;
/** Share of messages in the Golden Crown lounge. */
const LOUNGE_SHARE = 0.2;

export interface ScaleOptions {
  passwordHash: string;
  /** Statements in flight at once (the pool's size; 1 on the embedded database). */
  parallelism: number;
  now?: Date;
}

/**
 * The benchmark data set, in batched `INSERT … SELECT FROM unnest(arrays)` statements
 * (one round trip per few thousand rows). Deterministic ids and natural keys make a
 * second run insert nothing; messages continue a room's gapless `seq` inside one
 * transaction per room, and a rerun adds only the ones still missing.
 */
export async function seedScale(
  dataSource: DataSource,
  counts: ScaleCounts,
  options: ScaleOptions,
): Promise<void> {
  const now = (options.now ?? new Date()).getTime();
  const memberId = (i: number) => seedUuid(`scale-member:${i}`);
  const postId = (i: number) => seedUuid(`scale-post:${i}`);
  const query = (sql: string, params: unknown[]) => dataSource.query(sql, params);

  await batches('members', counts.members, 5_000, options.parallelism, async (from, to) => {
    const rows = range(from, to);
    await query(
      `INSERT INTO members (id, email, password_hash, display_name, operator_type, expertise, role, tier, email_verified_at, created_at, updated_at)
       SELECT id, email, $3, name, type::members_operator_type_enum, '{}', role::members_role_enum,
              tier::members_tier_enum, at, at, at
       FROM unnest($1::uuid[], $2::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
         AS t(id, email, name, type, role, tier, at)
       ON CONFLICT DO NOTHING`,
      [
        rows.map(memberId),
        rows.map((i) => `operator-${pad(i)}@scale.laogao.local`),
        options.passwordHash,
        rows.map((i) => `运营 Operator ${pad(i)}`),
        rows.map((i): OperatorType => OPERATOR_TYPES[i % OPERATOR_TYPES.length]),
        rows.map((i) => (i % MODERATOR_EVERY === 1 ? 'moderator' : 'member')),
        rows.map((i) => (i % GOLDEN_EVERY === 0 ? 'golden_crown' : 'standard')),
        rows.map((i) => new Date(now - 400 * DAY + i * 1000)),
      ],
    );
  });

  // A few dozen bodies, rendered and tokenized once each by the posts module's functions.
  const templates = DEMO_POSTS.filter((p) => (p.visibility ?? 'public') === 'public').map((p) => ({
    ...p,
    html: renderMarkdown(p.body),
    excerpt: excerptOf(p.body),
    tags: p.tags.map((tag) => tag.toLowerCase()),
  }));
  const likesOf = (i: number) => (i * 7) % 5; // 0–4 likes, 2 on average
  await batches('posts', counts.posts, 2_000, options.parallelism, async (from, to) => {
    const rows = range(from, to);
    const template = (i: number) => templates[i % templates.length];
    const title = (i: number) => `${template(i).title} #${i + 1}`.slice(0, 200);
    await query(
      `INSERT INTO posts (id, author_id, title, body, body_html, excerpt, tags, search_tokens, search_weights, like_count, created_at, updated_at)
       SELECT id, author_id, title, body, html, excerpt, string_to_array(tags, E'\\x1f'),
              string_to_array(tokens, E'\\x1f'), weights, likes, at, at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $11::text[], $6::text[],
                   $7::text[], $10::jsonb[], $8::int[], $9::timestamptz[])
         AS t(id, author_id, title, body, html, excerpt, tags, tokens, weights, likes, at)
       ON CONFLICT DO NOTHING`,
      [
        rows.map(postId),
        rows.map((i) => memberId((i * 37) % counts.members)),
        rows.map(title),
        rows.map((i) => template(i).body),
        rows.map((i) => template(i).html),
        rows.map((i) => template(i).tags.join(SEP)),
        rows.map((i) => documentTokens(title(i), template(i).body, ...template(i).tags).join(SEP)),
        rows.map((i) => Math.min(likesOf(i), counts.members)),
        rows.map((i) => new Date(now - ((counts.posts - i) / counts.posts) * 365 * DAY)),
        rows.map((i) =>
          JSON.stringify(documentWeights(title(i), template(i).body, template(i).tags)),
        ),
        rows.map((i) => template(i).excerpt),
      ],
    );
  });

  const commentTexts = [...COMMENTS_ZH, ...COMMENTS_EN].map((body) => ({
    body,
    html: renderMarkdown(body),
  }));
  await batches('comments', counts.comments, 5_000, options.parallelism, async (from, to) => {
    const rows = range(from, to);
    const post = (i: number) => (i * 7919) % counts.posts;
    await query(
      `INSERT INTO post_comments (id, post_id, author_id, body, body_html, created_at, updated_at)
       SELECT id, post_id, author_id, body, html, at, at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
         AS t(id, post_id, author_id, body, html, at)
       ON CONFLICT DO NOTHING`,
      [
        rows.map((i) => seedUuid(`scale-comment:${i}`)),
        rows.map((i) => postId(post(i))),
        rows.map((i) => memberId((i * 53 + 11) % counts.members)),
        rows.map((i) => commentTexts[i % commentTexts.length].body),
        rows.map((i) => commentTexts[i % commentTexts.length].html),
        rows.map(
          (i) => new Date(now - ((counts.posts - post(i)) / counts.posts) * 365 * DAY + 3_600_000),
        ),
      ],
    );
  });

  // Post i is liked by likesOf(i) distinct members (stride 13 is coprime with most counts;
  // a repeat is absorbed by the primary key, and like_count was set to the same number).
  const likePairs: [number, number][] = [];
  for (let i = 0; i < counts.posts; i++) {
    for (let k = 0; k < Math.min(likesOf(i), counts.members); k++) {
      likePairs.push([i, (i * 31 + k * 13) % counts.members]);
    }
  }
  await batches('likes', likePairs.length, 10_000, options.parallelism, async (from, to) => {
    const pairs = likePairs.slice(from, to);
    await query(
      `INSERT INTO post_likes (post_id, member_id, created_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        pairs.map(([p]) => postId(p)),
        pairs.map(([, m]) => memberId(m)),
        pairs.map(
          ([p]) => new Date(now - ((counts.posts - p) / counts.posts) * 365 * DAY + 7_200_000),
        ),
      ],
    );
  });
  await dataSource.query(
    `UPDATE posts p SET like_count = l.n
     FROM (SELECT post_id, count(*)::int AS n FROM post_likes GROUP BY post_id) l
     WHERE p.id = l.post_id AND p.like_count <> l.n`,
  );

  const lounge = Math.round(counts.messages * LOUNGE_SHARE);
  const golden = range(0, counts.members).filter((i) => i % GOLDEN_EVERY === 0);
  const progress = new Progress('messages', counts.messages);
  const rooms = [
    () =>
      seedMessages(dataSource, 'general', counts.messages - lounge, progress, now, (i) =>
        memberId((i * 17) % counts.members),
      ),
    () =>
      seedMessages(dataSource, 'golden-crown-lounge', lounge, progress, now, (i) =>
        memberId(golden[(i * 7) % golden.length]),
      ),
  ];
  // One connection (the embedded database): one room after the other.
  if (options.parallelism > 1) await Promise.all(rooms.map((room) => room()));
  else for (const room of rooms) await room();
  progress.done();
}

const MESSAGE_BATCH = 10_000;

/** A room's share of messages, continuing its `seq`, in one transaction (gapless). */
async function seedMessages(
  dataSource: DataSource,
  slug: string,
  total: number,
  progress: Progress,
  now: number,
  author: (i: number) => string,
): Promise<void> {
  const lines = slug === 'general' ? GENERAL_CHAT : LOUNGE_CHAT;
  await dataSource.transaction(async (em) => {
    const [room] = await em.query<{ id: string; last_seq: number }[]>(
      'SELECT id, last_seq FROM rooms WHERE slug = $1 FOR UPDATE',
      [slug],
    );
    if (!room) throw new Error(`The room "${slug}" is missing: were the migrations run?`);
    const [{ n }] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM messages WHERE room_id = $1 AND client_msg_id LIKE 'scale-%'`,
      [room.id],
    );
    progress.add(Math.min(n, total));
    let seq = room.last_seq;
    for (let from = n; from < total; from += MESSAGE_BATCH) {
      const rows = range(from, Math.min(total, from + MESSAGE_BATCH));
      await em.query(
        `INSERT INTO messages (room_id, seq, author_id, client_msg_id, body, created_at)
         SELECT $1, $2::int + ord, author_id, client_msg_id, body, at
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
           WITH ORDINALITY AS t(author_id, client_msg_id, body, at, ord)`,
        [
          room.id,
          seq,
          rows.map(author),
          rows.map((i) => `scale-${slug}-${i}`),
          rows.map((i) => lines[i % lines.length].body),
          // Oldest first, about one message a minute up to now.
          rows.map((i) => new Date(now - (total - i) * 60_000)),
        ],
      );
      seq += rows.length;
      progress.add(rows.length);
    }
    await em.query('UPDATE rooms SET last_seq = $2 WHERE id = $1', [room.id, seq]);
  });
}

/** Runs `work` over [0, total) in slices of `size`, `parallelism` at a time, with a bar. */
async function batches(
  label: string,
  total: number,
  size: number,
  parallelism: number,
  work: (from: number, to: number) => Promise<void>,
): Promise<void> {
  const progress = new Progress(label, total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      const to = Math.min(total, from + size);
      next = to;
      await work(from, to);
      progress.add(to - from);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallelism) }, worker));
  progress.done();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

function pad(i: number): string {
  return String(i).padStart(5, '0');
}

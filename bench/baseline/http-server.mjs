// The floor for the HTTP scenarios: a bare `node:http` + `pg` server that runs the SQL the
// server issues (copied from its statement log, through bench/support/counting-proxy.mjs)
// and answers the same JSON. No framework, no validation, no auth, no logging.
// Run by bench/run.mjs: `node bench/baseline/http-server.mjs` with DATABASE_URL and PORT.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { queryTokens, searchTerms } = require('../../dist/modules/posts/search-tokens.js');

// The server's pool has 10 connections on PostgreSQL (src/database/data-source.options.ts).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const DELETED_MEMBER_NAME = 'deleted member';

const POST_COLUMNS = `"p"."id" AS id, "p"."title" AS title, "p"."body" AS body, "p"."body_html" AS body_html, "p"."tags" AS tags, "p"."visibility" AS visibility, "p"."like_count" AS like_count, "p"."created_at" AS created_at, "p"."updated_at" AS updated_at, "p"."deleted_at" AS deleted_at, "p"."hidden_at" AS hidden_at, to_char("p"."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at, "m"."id" AS author_id, "m"."display_name" AS author_display_name, "m"."operator_type" AS author_operator_type, "m"."tier" AS author_tier, "m"."erased_at" AS author_erased_at, (SELECT count(*)::int FROM post_comments c WHERE c.post_id = "p"."id" AND c.deleted_at IS NULL AND c.hidden_at IS NULL) AS comment_count, FALSE AS liked_by_me`;
const SCORE = `(SELECT coalesce(sum(
    3 * (length(lower("p"."title")) - length(replace(lower("p"."title"), term, ''))) / length(term)
    + (length(lower("p"."body")) - length(replace(lower("p"."body"), term, ''))) / length(term)
  ), 0)::int FROM unnest(CAST($1 AS text[])) AS term) AS score`;

const SQL = {
  feed: `SELECT ${POST_COLUMNS} FROM "posts" "p" INNER JOIN "members" "m" ON "m"."id" = "p"."author_id" WHERE "p"."visibility" IN ($1) AND "p"."deleted_at" IS NULL AND "p"."hidden_at" IS NULL ORDER BY "p"."created_at" DESC, "p"."id" DESC LIMIT $2`,
  search: `SELECT ${POST_COLUMNS}, ${SCORE} FROM "posts" "p" INNER JOIN "members" "m" ON "m"."id" = "p"."author_id" WHERE "p"."visibility" IN ($2) AND "p"."deleted_at" IS NULL AND "p"."hidden_at" IS NULL AND "p"."search_tokens" @> CAST($3 AS text[]) ORDER BY score DESC, "p"."created_at" DESC, "p"."id" DESC LIMIT $4`,
  post: `SELECT ${POST_COLUMNS} FROM "posts" "p" INNER JOIN "members" "m" ON "m"."id" = "p"."author_id" WHERE "p"."visibility" IN ($1) AND "p"."deleted_at" IS NULL AND "p"."hidden_at" IS NULL AND "p"."id" = $2`,
  comments: `SELECT "c"."id" AS id, "c"."post_id" AS post_id, "c"."parent_id" AS parent_id, "c"."body" AS body, "c"."body_html" AS body_html, "c"."created_at" AS created_at, "c"."updated_at" AS updated_at, "c"."deleted_at" AS deleted_at, "c"."hidden_at" AS hidden_at, to_char("c"."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at, "m"."id" AS author_id, "m"."display_name" AS author_display_name, "m"."operator_type" AS author_operator_type, "m"."tier" AS author_tier, "m"."erased_at" AS author_erased_at FROM "post_comments" "c" INNER JOIN "members" "m" ON "m"."id" = "c"."author_id" WHERE "c"."deleted_at" IS NULL AND "c"."hidden_at" IS NULL AND "c"."post_id" = $1 ORDER BY "c"."created_at" ASC, "c"."id" ASC LIMIT $2`,
};

const author = (r) => ({
  id: r.author_id,
  displayName: r.author_erased_at ? DELETED_MEMBER_NAME : r.author_display_name,
  operatorType: r.author_operator_type,
  tier: r.author_tier,
});
const toPost = (r) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  bodyHtml: r.body_html,
  tags: r.tags,
  visibility: r.visibility,
  author: author(r),
  likeCount: r.like_count,
  commentCount: r.comment_count,
  likedByMe: r.liked_by_me,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
const toComment = (r) => ({
  id: r.id,
  postId: r.post_id,
  parentId: r.parent_id,
  body: r.body,
  bodyHtml: r.body_html,
  author: author(r),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
const cursor = (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
function page(rows, limit, toItem, cursorOf) {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(toItem), nextCursor: more ? cursor(cursorOf(shown.at(-1))) : null };
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

const POST_PATH = /^\/api\/posts\/([0-9a-f-]{36})(\/comments)?$/;

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 20));
  if (url.pathname === '/api/posts') {
    const q = url.searchParams.get('q');
    if (q === null) {
      const { rows } = await pool.query(SQL.feed, ['public', limit + 1]);
      return send(
        res,
        200,
        page(rows, limit, toPost, (r) => [r.cursor_at, r.id]),
      );
    }
    const tokens = queryTokens(q);
    if (tokens.length === 0) return send(res, 200, { items: [], nextCursor: null });
    const { rows } = await pool.query(SQL.search, [searchTerms(q), 'public', tokens, limit + 1]);
    return send(
      res,
      200,
      page(rows, limit, toPost, (r) => [r.score, r.cursor_at, r.id]),
    );
  }
  const match = POST_PATH.exec(url.pathname);
  if (match) {
    const post = (await pool.query(SQL.post, ['public', match[1]])).rows[0];
    if (!post) return send(res, 404, { code: 'NOT_FOUND', message: 'Post not found' });
    if (!match[2]) return send(res, 200, toPost(post));
    const { rows } = await pool.query(SQL.comments, [match[1], limit + 1]);
    return send(
      res,
      200,
      page(rows, limit, toComment, (r) => [r.cursor_at, r.id]),
    );
  }
  send(res, 404, { code: 'NOT_FOUND', message: 'Not found' });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => send(res, 500, { code: 'INTERNAL', message: error.message }));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'ready' }));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

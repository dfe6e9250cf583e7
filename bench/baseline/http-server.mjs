// The floor for the HTTP scenarios: a bare `node:http` + `pg` server that runs the very
// statements the server ran for the same requests and answers the same JSON. No framework,
// no validation, no auth, no logging, no cache.
//
// The statements come from BENCH_STATEMENTS, a JSON file bench/run.mjs writes after
// capturing, through bench/support/counting-proxy.mjs, what the server sent PostgreSQL for
// one sample of each request (`feed`, `post`, `comments`, `search:<q>`): its SQL text and
// bound values. A request runs its sample's statement with the sample post's id replaced by
// its own. Rows become JSON through the server's own pure mappers (dist/modules/posts/
// post-query.js, dist/common/pagination/page.js), so the answers are byte-identical
// (bench/run.mjs checks). Run by bench/run.mjs with DATABASE_URL, PORT and BENCH_STATEMENTS.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
const {
  toCommentResponse,
  toPostResponse,
  toPostSummary,
} = require('../../dist/modules/posts/post-query.js');
const { toPage } = require('../../dist/common/pagination/page.js');

/** @type {Record<string, {sql: string, params: (string|null)[], sampleId?: string}>} */
const STATEMENTS = JSON.parse(readFileSync(process.env.BENCH_STATEMENTS, 'utf8'));

// The server's pool has 10 connections on PostgreSQL (src/database/data-source.options.ts).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

/** The sample's statement, its post id replaced by `id`. */
async function run(name, id) {
  const statement = STATEMENTS[name];
  if (!statement) throw new Error(`no statement captured for ${name}`);
  const params = statement.params.map((value) =>
    id !== undefined && value === statement.sampleId ? id : value,
  );
  return (await pool.query(statement.sql, params)).rows;
}

/** The keys a page's cursor is made of (`keyset_<i>`, selected by the statement). */
const cursorOf = (row) =>
  Object.keys(row)
    .filter((key) => key.startsWith('keyset_'))
    .sort()
    .map((key) => row[key]);

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

const POST_PATH = /^\/api\/posts\/([0-9a-f-]{36})(\/comments)?$/;
const NOT_FOUND = { code: 'NOT_FOUND', message: 'Post not found' };

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const limit = Number(url.searchParams.get('limit') ?? 20);
  if (url.pathname === '/api/posts') {
    const q = url.searchParams.get('q');
    const rows = await run(q === null ? 'feed' : `search:${q}`);
    return send(
      res,
      200,
      toPage(rows, limit, (row) => toPostSummary(row, undefined), cursorOf),
    );
  }
  const match = POST_PATH.exec(url.pathname);
  if (!match) return send(res, 404, { code: 'NOT_FOUND', message: 'Not found' });
  const [, id, comments] = match;
  if (!comments) {
    const [row] = await run('post', id);
    return row ? send(res, 200, toPostResponse(row, undefined)) : send(res, 404, NOT_FOUND);
  }
  // One row of nulls: the post is there and has no comments; no row: no such post.
  const rows = await run('comments', id);
  if (rows.length === 0) return send(res, 404, NOT_FOUND);
  const listed = rows.filter((row) => row.keyset_0 !== null);
  send(
    res,
    200,
    toPage(listed, limit, (row) => toCommentResponse(row, undefined), cursorOf),
  );
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => send(res, 500, { code: 'INTERNAL', message: error.message }));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'ready' }));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

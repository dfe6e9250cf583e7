// `npm run bench:feed`: the feed under load. Seeds 10,000 posts into a fresh PostgreSQL
// database, starts the built server, counts the SQL statements of one
// `GET /api/posts?limit=20`, then runs autocannon with 50 connections for 10 s.
//
// Environment: BENCH_PG_URL (admin URL of the server, default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_POSTS (default 10000), BENCH_CONNECTIONS (50), BENCH_SECONDS (10), BENCH_KEEP_DB=1 to
// keep the seeded database for a look afterwards.
// Only loopback addresses are used; the load stops by itself after BENCH_SECONDS.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureBuilt, freshDatabase, startServer } from './lib.mjs';
import { countingProxy } from './support/counting-proxy.mjs';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const AUTHORS = 200;
const BATCH = 500;
const PATH = '/api/posts?limit=20';

ensureBuilt();
// The server's own tokenizer and renderer, so the seeded rows look like real ones.
const require = createRequire(import.meta.url);
const { documentTokens } = require('../dist/common/search/search-tokens.js');
const { renderMarkdown } = require('../dist/modules/posts/markdown.js');

const WORDS_ZH = [
  '直通车',
  '运营',
  '店铺',
  '推广',
  '活动入口',
  '数据',
  '转化率',
  '选品',
  '大促',
  '流量',
];
const WORDS_EN = ['SEO', 'traffic', 'conversion', 'listing', 'promotion', 'keywords', 'ads'];
const TAGS = [
  'seo',
  'data',
  'promotion',
  'activity',
  'ads',
  'listing',
  'traffic',
  'tmall',
  'jd',
  'pdd',
];
const pick = (list) => list[Math.floor(Math.random() * list.length)];

function fakeBody() {
  const lines = [];
  for (let i = 0; i < 6; i++) {
    lines.push(
      `${pick(WORDS_ZH)}${pick(WORDS_ZH)}的经验：**${pick(WORDS_EN)}** and ${pick(WORDS_EN)} ` +
        `${pick(WORDS_ZH)}，每天记录${pick(WORDS_ZH)}。`,
    );
  }
  const source = Math.floor(Math.random() * 1e6);
  return `## ${pick(WORDS_ZH)}\n\n${lines.join('\n\n')}\n\n- [来源](https://example.com/${source})`;
}

async function seed(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const authors = Array.from({ length: AUTHORS }, () => randomUUID());
  await client.query(
    `INSERT INTO members (id, email, display_name, operator_type, tier)
     SELECT id, 'bench-' || n || '@example.com', 'Operator ' || n,
            (ARRAY['operations_assistant','store_manager','operations_director','product_manager'])[1 + n % 4]::members_operator_type_enum,
            CASE WHEN n % 10 = 0 THEN 'golden_crown' ELSE 'standard' END::members_tier_enum
       FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n)`,
    [authors],
  );
  const started = Date.now();
  const postIds = [];
  for (let done = 0; done < POSTS; done += BATCH) {
    const rows = Math.min(BATCH, POSTS - done);
    const cols = {
      id: [],
      author: [],
      title: [],
      body: [],
      html: [],
      tags: [],
      vis: [],
      tokens: [],
      likes: [],
      at: [],
    };
    for (let n = 0; n < rows; n++) {
      const title = `${pick(WORDS_ZH)} ${pick(WORDS_EN)} ${pick(WORDS_ZH)} #${done + n}`;
      const body = fakeBody();
      const id = randomUUID();
      postIds.push(id);
      cols.id.push(id);
      cols.author.push(pick(authors));
      cols.title.push(title);
      cols.body.push(body);
      cols.html.push(renderMarkdown(body));
      cols.tags.push(`{${[...new Set([pick(TAGS), pick(TAGS)])].join(',')}}`);
      const r = Math.random();
      cols.vis.push(r < 0.7 ? 'public' : r < 0.9 ? 'members' : 'golden_crown');
      cols.tokens.push(
        `{${documentTokens(title, body)
          .map((t) => JSON.stringify(t))
          .join(',')}}`,
      );
      cols.likes.push(Math.floor(Math.random() * 50));
      cols.at.push(new Date(Date.now() - Math.random() * 365 * 86_400_000).toISOString());
    }
    await client.query(
      `INSERT INTO posts (id, author_id, title, body, body_html, tags, visibility, search_tokens, like_count, created_at, updated_at)
       SELECT id, author, title, body, html, tags::text[], vis::posts_visibility_enum, tokens::text[], likes, at, at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamptz[])
           AS s(id, author, title, body, html, tags, vis, tokens, likes, at)`,
      [
        cols.id,
        cols.author,
        cols.title,
        cols.body,
        cols.html,
        cols.tags,
        cols.vis,
        cols.tokens,
        cols.likes,
        cols.at,
      ],
    );
  }
  // Three comments a post.
  await client.query(
    `INSERT INTO post_comments (post_id, author_id, body, body_html, created_at)
     SELECT p.id, ($1::uuid[])[1 + (random() * ${AUTHORS - 1})::int], '好经验', '<p>好经验</p>',
            p.created_at + interval '1 hour' * g
       FROM posts p CROSS JOIN generate_series(1, 3) AS g`,
    [authors],
  );
  await client.query('ANALYZE');
  await client.end();
  return { seconds: (Date.now() - started) / 1000, authors };
}

const env = (url) => ({
  DATABASE_URL: url,
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATA_DIR: `/tmp/laogao-bench-feed-${process.pid}`,
  LOG_LEVEL: 'warn',
});

const database = await freshDatabase(`laogao_bench_feed_${process.pid}`);
try {
  // The first start migrates the empty database.
  const migrate = await startServer(env(database.url));
  await migrate.stop();
  const seeded = await seed(database.url);
  console.log(
    `seeded ${POSTS} posts, ${POSTS * 3} comments, ${AUTHORS} authors in ${seeded.seconds.toFixed(1)} s`,
  );

  // Statements per request, through the counting proxy.
  const dbUrl = new URL(database.url);
  const proxy = await countingProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
  const proxied = new URL(database.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const counted = await startServer(env(proxied.toString()));
  for (let n = 0; n < 5; n++) await (await fetch(counted.url + PATH)).arrayBuffer();
  const before = proxy.read();
  const samples = 20;
  let items = 0;
  for (let n = 0; n < samples; n++) {
    const body = await (await fetch(counted.url + PATH)).json();
    items = body.items.length;
  }
  const perRequest = (proxy.read() - before) / samples;
  await counted.stop();
  await proxy.close();
  console.log(`SQL statements per GET ${PATH}: ${perRequest} (items per page: ${items})`);

  // Load, straight to PostgreSQL.
  const server = await startServer(env(database.url));
  await autocannon({ url: server.url + PATH, connections: 10, duration: 2 }); // warm-up
  const result = await autocannon({
    url: server.url + PATH,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  await server.stop();
  console.log(
    [
      `autocannon GET ${PATH}, ${CONNECTIONS} connections, ${SECONDS} s, ${POSTS} posts:`,
      `  requests/s  avg ${result.requests.average.toFixed(0)}  (p50 ${result.requests.p50}, min ${result.requests.min})`,
      `  latency ms  p50 ${result.latency.p50}  p99 ${result.latency.p99}  max ${result.latency.max}`,
      `  responses   2xx ${result['2xx']}  non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}`,
    ].join('\n'),
  );
} finally {
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${database.url}`);
  else await database.drop();
}

/**
 * `npm run seed:demo` fills the configured database with a small, believable community:
 * members of every operator type (most with an avatar), posts in Chinese and English (two
 * with a picture), comments, likes, room history and pending Golden Crown applications
 * with their evidence. Every demo account signs in with the password `laogao-demo-2026`.
 * Run it again: nothing is duplicated.
 *
 * `npm run seed:demo -- --scale 100000` adds a benchmark data set on top: 100,000 posts,
 * 10,000 members, 1,000,000 messages (and comments and likes), in batches.
 *
 * The database is `DATABASE_URL`, else the embedded one in `DATA_DIR` — reached through
 * the running server's socket when the server runs, opened here when it does not. Files go
 * to the server's store: `DATA_DIR/uploads`, or the bucket when `S3_BUCKET` is set.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { AppConfigService } from '../config/app-config.service';
import { ConfigurationError, validateEnvironment } from '../config/env.schema';
import { PasswordService } from '../modules/auth/password.service';
import { openUploadStorage } from '../modules/uploads/upload-storage';
import { seedDemoConversations } from './seed/demo-conversations';
import { buildDemoData, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from './seed/demo-data';
import { scaleCounts, seedScale } from './seed/scale';
import { openSeedTarget } from './seed/target';
import { seedDemo } from './seed/write-demo';

const USAGE = 'Usage: npm run seed:demo [-- --scale <number of posts>]';

function parseScale(argv: string[]): number | null {
  const index = argv.indexOf('--scale');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const unknown = argv.filter((arg, i) => arg !== '--scale' && i !== index + 1);
  if (unknown.length > 0 || (index >= 0 && argv[index + 1] === undefined)) {
    console.error(USAGE);
    process.exit(2);
  }
  if (index < 0) return null;
  const value = Number(argv[index + 1].replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1 || value > 10_000_000) {
    console.error('--scale takes a whole number of posts, 1 to 10,000,000');
    process.exit(2);
  }
  return value;
}

const TABLES = [
  'members',
  'posts',
  'post_comments',
  'post_likes',
  'rooms',
  'messages',
  'membership_applications',
  'membership_application_history',
  'consents',
  'uploads',
] as const;

async function main(): Promise<void> {
  const scale = parseScale(process.argv.slice(2));
  const startedAt = Date.now();
  const config = validateEnvironment({ ...process.env, LOG_LEVEL: 'warn' });
  // One argon2id hash with the server's settings, shared by every demo account.
  const passwordHash = await new PasswordService().hash(DEMO_PASSWORD);
  // The store the server reads its files from (the uploads module opens the same one).
  const storage = await openUploadStorage(new AppConfigService(config));
  const target = await openSeedTarget(config);
  try {
    console.log(`Seeding ${target.description}`);
    console.log(
      `Files in ${config.S3_BUCKET ? `the bucket ${config.S3_BUCKET}` : resolve(config.DATA_DIR, 'uploads')}`,
    );
    const added = await seedDemo(target.dataSource, buildDemoData(), {
      passwordHash,
      minAnnualTurnoverCny: config.GOLDEN_CROWN_MIN_TURNOVER_CNY,
      storage,
    });
    // Direct conversations between demo members (after them: they name their ids).
    const directMessages = await seedDemoConversations(target.dataSource);
    if (directMessages > 0)
      console.log(`Demo conversations: ${directMessages} direct messages added.`);
    const demoRows = Object.values(added).reduce((sum, n) => sum + n, 0);
    console.log(
      demoRows === 0
        ? 'Demo community: already there, nothing added.'
        : `Demo community: ${Object.entries(added)
            .filter(([, n]) => n > 0)
            .map(([table, n]) => `${n} ${table}`)
            .join(', ')} added.`,
    );
    if (scale !== null) {
      const counts = scaleCounts(scale);
      console.log(
        `Benchmark data: ${counts.members.toLocaleString('en-US')} members, ${counts.posts.toLocaleString('en-US')} posts, ` +
          `${counts.comments.toLocaleString('en-US')} comments, ${counts.likes.toLocaleString('en-US')} likes, ` +
          `${counts.messages.toLocaleString('en-US')} messages`,
      );
      const scaleStartedAt = Date.now();
      await seedScale(target.dataSource, counts, {
        passwordHash,
        parallelism: target.parallelism,
      });
      console.log(
        `Benchmark data written in ${((Date.now() - scaleStartedAt) / 1000).toFixed(1)} s`,
      );
    }
    // The planner's statistics for what was just written: the embedded database runs no
    // autovacuum, and a server's would come later.
    await target.dataSource.query('ANALYZE');
    const rows: string[] = [];
    for (const table of TABLES) {
      const [{ n }] = await target.dataSource.query<{ n: string }[]>(
        `SELECT count(*)::bigint AS n FROM ${table}`,
      );
      rows.push(`${table} ${Number(n).toLocaleString('en-US')}`);
    }
    console.log(`Rows now: ${rows.join(', ')}`);
    console.log(
      [
        `Done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`,
        `Sign in with any demo account, password "${DEMO_PASSWORD}":`,
        `  laogao@${DEMO_EMAIL_DOMAIN}     moderator, Golden Crown (reviews applications)`,
        `  zhou.ming@${DEMO_EMAIL_DOMAIN}  Golden Crown member`,
        `  chen.jing@${DEMO_EMAIL_DOMAIN}  member`,
      ].join('\n'),
    );
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigurationError
      ? error.problems.join('\n')
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exit(1);
});

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MentionResolver } from '../../modules/mentions/mention-resolver';
import { markdownMentions, renderMarkdown } from '../../modules/posts/markdown';

const BATCH = 200;

interface StoredBody {
  id: string;
  body: string;
}

/**
 * Re-renders the stored HTML of every post and comment (`table`) whose Markdown could hold
 * a mention, with the current renderer and the mentions resolved as they are now; keyset
 * batches on the id, so a large table is never read at once. A later rendering rule calls
 * it again with a wider filter.
 */
export async function rerenderBodies(
  queryRunner: QueryRunner,
  table: 'posts' | 'post_comments',
  filter = `body LIKE '%@%'`,
): Promise<void> {
  const resolver = new MentionResolver(queryRunner.connection);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT id, body FROM ${table} WHERE id > $1 AND (${filter}) ORDER BY id LIMIT ${BATCH}`,
      [after],
    )) as StoredBody[];
    if (rows.length === 0) break;
    const html: string[] = [];
    for (const row of rows) {
      const { mentions } = await resolver.resolve(markdownMentions(row.body), queryRunner.manager);
      html.push(renderMarkdown(row.body, mentions));
    }
    await queryRunner.query(
      `UPDATE ${table} SET body_html = b.html
         FROM unnest($1::uuid[], $2::text[]) AS b(id, html)
        WHERE ${table}.id = b.id`,
      [rows.map((row) => row.id), html],
    );
    after = rows[rows.length - 1].id;
  }
}

/**
 * `@` mentions: an index for resolving and suggesting members by name (case-insensitive,
 * prefix), and stored posts and comments re-rendered so their mentions link to profiles.
 */
export class AddMentions1797000000000 implements MigrationInterface {
  name = 'AddMentions1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_members_display_name_lower" ON "members" (lower("display_name") text_pattern_ops)`,
    );
    await rerenderBodies(queryRunner, 'posts');
    await rerenderBodies(queryRunner, 'post_comments');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_members_display_name_lower"`);
  }
}

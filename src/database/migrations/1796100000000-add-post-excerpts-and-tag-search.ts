import type { MigrationInterface, QueryRunner } from 'typeorm';
import { excerptOf } from '../../modules/posts/excerpt';
import { documentTokens, documentWeights } from '../../common/search/search-tokens';

const BATCH = 500;

interface PostText {
  id: string;
  title: string;
  body: string;
  tags: string[];
}

/**
 * Fills every post's `excerpt` and recomputes its search tokens and weights with its tags,
 * in batches of `BATCH` (keyset on the id, so a large table is never read at once).
 */
export async function backfillPostExcerptsAndTags(queryRunner: QueryRunner): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const posts = (await queryRunner.query(
      `SELECT id, title, body, tags FROM posts WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    )) as PostText[];
    if (posts.length === 0) break;
    await queryRunner.query(
      `UPDATE posts SET excerpt = b.excerpt,
              search_tokens = string_to_array(b.tokens, E'\\x1f'),
              search_weights = b.weights
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS b(id, excerpt, tokens, weights)
       WHERE posts.id = b.id`,
      [
        posts.map((p) => p.id),
        posts.map((p) => excerptOf(p.body)),
        // Tokens are letters, digits and CJK characters only: never the unit separator.
        posts.map((p) => documentTokens(p.title, p.body, ...p.tags).join('\x1f')),
        posts.map((p) => JSON.stringify(documentWeights(p.title, p.body, p.tags))),
      ],
    );
    after = posts[posts.length - 1].id;
  }
}

/**
 * Lists answer summaries: a plain-text `excerpt` stored beside the body, so a list reads
 * neither `body` nor `body_html`. Search also matches tags: they join the stored tokens.
 */
export class AddPostExcerptsAndTagSearch1796100000000 implements MigrationInterface {
  name = 'AddPostExcerptsAndTagSearch1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "posts" ADD "excerpt" character varying(200) NOT NULL DEFAULT ''`,
    );
    await backfillPostExcerptsAndTags(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "excerpt"`);
  }
}

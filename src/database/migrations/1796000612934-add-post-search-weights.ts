import type { MigrationInterface, QueryRunner } from 'typeorm';
import { documentWeights } from '../../common/search/search-tokens';

const BATCH = 500;

/**
 * Search ranks from stored token weights instead of scanning every candidate's title and
 * body once per query term. Existing posts get their weights here, in batches.
 */
export class AddPostSearchWeights1796000612934 implements MigrationInterface {
  name = 'AddPostSearchWeights1796000612934';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "posts" ADD "search_weights" jsonb NOT NULL DEFAULT '{}'`);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const posts = (await queryRunner.query(
        `SELECT id, title, body FROM posts WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; title: string; body: string }[];
      if (posts.length === 0) break;
      await queryRunner.query(
        `UPDATE posts SET search_weights = w.weights
         FROM unnest($1::uuid[], $2::jsonb[]) AS w(id, weights) WHERE posts.id = w.id`,
        [
          posts.map((p) => p.id),
          posts.map((p) => JSON.stringify(documentWeights(p.title, p.body))),
        ],
      );
      after = posts[posts.length - 1].id;
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "search_weights"`);
  }
}

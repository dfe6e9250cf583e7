import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The moderators' dashboard: indexes that let it count rows per day by creation time
 * (with the author, for active members, read from the index alone), and the per-day,
 * per-rule count of refused Golden Crown pre-checks.
 */
export class AddDashboardIndexesAndPrecheckRefusals1797600000000 implements MigrationInterface {
  name = 'AddDashboardIndexesAndPrecheckRefusals1797600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_posts_created_author" ON "posts" ("created_at", "author_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_post_comments_created_author" ON "post_comments" ("created_at", "author_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_created_author" ON "messages" ("created_at", "author_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_reports_created" ON "reports" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_reports_resolved" ON "reports" ("resolved_at") `);
    await queryRunner.query(
      `CREATE TABLE "golden_crown_precheck_refusals" ("day" date NOT NULL, "rule" character varying(40) NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_golden_crown_precheck_refusals" PRIMARY KEY ("day", "rule"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "golden_crown_precheck_refusals"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reports_resolved"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reports_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_messages_created_author"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_post_comments_created_author"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_posts_created_author"`);
  }
}

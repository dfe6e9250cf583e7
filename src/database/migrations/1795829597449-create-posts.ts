import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePosts1795829597449 implements MigrationInterface {
  name = 'CreatePosts1795829597449';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "post_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_id" uuid NOT NULL, "author_id" uuid NOT NULL, "parent_id" uuid, "body" text NOT NULL, "body_html" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "hidden_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2e99e04b4a1b31de6f833c18ced" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_post_comments_thread" ON "post_comments"  ("post_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."posts_visibility_enum" AS ENUM('public', 'members', 'golden_crown')`,
    );
    await queryRunner.query(
      `CREATE TABLE "posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "author_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "body_html" text NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "visibility" "public"."posts_visibility_enum" NOT NULL DEFAULT 'public', "search_tokens" text array NOT NULL DEFAULT '{}', "like_count" integer NOT NULL DEFAULT '0', "deleted_at" TIMESTAMP WITH TIME ZONE, "hidden_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_posts_author" ON "posts"  ("author_id", "created_at") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_posts_feed" ON "posts"  ("created_at", "id") `);
    // GIN indexes, declared with `synchronize: false` on the entity.
    await queryRunner.query(`CREATE INDEX "IDX_posts_tags" ON "posts" USING GIN ("tags")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_posts_search_tokens" ON "posts" USING GIN ("search_tokens")`,
    );
    await queryRunner.query(
      `CREATE TABLE "post_likes" ("post_id" uuid NOT NULL, "member_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f796f363ed8249b79acab5ca3b7" PRIMARY KEY ("post_id", "member_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_post_likes_member" ON "post_likes"  ("member_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "post_likes"`);
    await queryRunner.query(`DROP TABLE "posts"`);
    await queryRunner.query(`DROP TYPE "public"."posts_visibility_enum"`);
    await queryRunner.query(`DROP TABLE "post_comments"`);
  }
}

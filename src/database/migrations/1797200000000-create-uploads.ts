import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rerenderBodies } from './1797000000000-add-mentions';

/**
 * Uploads (avatars, post images, Golden Crown evidence), the queue of storage keys to
 * delete, the member's avatar and a post's cover image. Stored posts and comments holding a Markdown image are
 * re-rendered: no upload existed before, so every image in them was from another host and
 * becomes a link.
 */
export class CreateUploads1797200000000 implements MigrationInterface {
  name = 'CreateUploads1797200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."uploads_purpose_enum" AS ENUM('avatar', 'post_image', 'application_evidence')`,
    );
    await queryRunner.query(
      `CREATE TABLE "uploads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "purpose" "public"."uploads_purpose_enum" NOT NULL, "content_type" character varying(64) NOT NULL, "bytes" integer NOT NULL, "width" integer, "height" integer, "storage_key" character varying(80) NOT NULL, "webp_key" character varying(80), "application_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_uploads" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_uploads_owner_created" ON "uploads" ("owner_id", "created_at") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_uploads_storage_key" ON "uploads" ("storage_key") `);
    await queryRunner.query(
      `ALTER TABLE "uploads" ADD CONSTRAINT "FK_uploads_owner" FOREIGN KEY ("owner_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "upload_garbage" ("storage_key" character varying(80) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_upload_garbage" PRIMARY KEY ("storage_key"))`,
    );
    await queryRunner.query(`ALTER TABLE "members" ADD "avatar_upload_id" uuid`);
    await queryRunner.query(`ALTER TABLE "posts" ADD "cover_upload_id" uuid`);
    await rerenderBodies(queryRunner, 'posts', `body LIKE '%![%'`);
    await rerenderBodies(queryRunner, 'post_comments', `body LIKE '%![%'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "cover_upload_id"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "avatar_upload_id"`);
    await queryRunner.query(`DROP TABLE "upload_garbage"`);
    await queryRunner.query(`DROP TABLE "uploads"`);
    await queryRunner.query(`DROP TYPE "public"."uploads_purpose_enum"`);
  }
}

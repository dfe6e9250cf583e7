import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `editedAt` of posts (title or body changed after creation) and comments (body changed by
 * the author). Content written before stays `null`: whether it was edited is not known.
 */
export class AddEditedAt1796200000000 implements MigrationInterface {
  name = 'AddEditedAt1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "posts" ADD "edited_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "post_comments" ADD "edited_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "post_comments" DROP COLUMN "edited_at"`);
    await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "edited_at"`);
  }
}

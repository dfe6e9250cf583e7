import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `members.locale`: the language of a member's mail (`zh` or `en`, from `Accept-Language`
 * at registration). `password_reset_tokens`: a reset link's token, stored as its SHA-256
 * hash, used once, living 30 minutes.
 */
export class AddLocaleAndPasswordResets1796400000000 implements MigrationInterface {
  name = 'AddLocaleAndPasswordResets1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "members" ADD "locale" character varying(2) NOT NULL DEFAULT 'en'`,
    );
    await queryRunner.query(
      `CREATE TABLE "password_reset_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_password_reset_tokens" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_password_reset_tokens_hash" ON "password_reset_tokens" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_password_reset_tokens_member" ON "password_reset_tokens" ("member_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "FK_password_reset_tokens_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_reset_tokens"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "locale"`);
  }
}

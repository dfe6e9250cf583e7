import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email verification and email change. `members.email_verified_at`: when the member proved
 * the address; members that exist now count as verified (the API contract), from this
 * moment. `members.verification_resent_at`: the last resend, for its once-a-minute limit
 * across processes. `email_tokens`: the hashed single-use tokens of verification and
 * email change links.
 */
export class AddEmailVerification1796500000000 implements MigrationInterface {
  name = 'AddEmailVerification1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "members" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "verification_resent_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `UPDATE "members" SET "email_verified_at" = now() WHERE "email" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "email_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "email" character varying(254) NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_email_tokens" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_email_tokens_hash" ON "email_tokens" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_email_tokens_member" ON "email_tokens" ("member_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "email_tokens" ADD CONSTRAINT "FK_email_tokens_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "email_tokens"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "verification_resent_at"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "email_verified_at"`);
  }
}

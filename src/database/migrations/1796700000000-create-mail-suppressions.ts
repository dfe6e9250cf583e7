import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `mail_suppressions`: addresses the mail server refused for good (a 5xx to `RCPT TO`). The
 * mail worker sends nothing more to them until a moderator clears the row.
 */
export class CreateMailSuppressions1796700000000 implements MigrationInterface {
  name = 'CreateMailSuppressions1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_suppressions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "address" character varying(320) NOT NULL, "code" integer NOT NULL, "reason" text NOT NULL, "member_id" uuid, "first_refused_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "last_refused_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_mail_suppressions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_mail_suppressions_address" ON "mail_suppressions" ("address") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_suppressions_member" ON "mail_suppressions" ("member_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_suppressions_first_refused" ON "mail_suppressions" ("first_refused_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mail_suppressions"`);
  }
}

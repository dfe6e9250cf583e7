import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `email_preferences`: a member's mail choices (digest period, a mode per notification kind)
 * and where their digest stands (when it last ran, up to which notification it read).
 */
export class CreateEmailPreferences1796600000000 implements MigrationInterface {
  name = 'CreateEmailPreferences1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_preferences" ("member_id" uuid NOT NULL, "digest" character varying(8) NOT NULL DEFAULT 'daily', "kinds" jsonb NOT NULL DEFAULT '{}', "last_digest_at" TIMESTAMP(3) WITH TIME ZONE, "digest_read_until" TIMESTAMP(3) WITH TIME ZONE, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_email_preferences" PRIMARY KEY ("member_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_preferences" ADD CONSTRAINT "FK_email_preferences_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "email_preferences"`);
  }
}

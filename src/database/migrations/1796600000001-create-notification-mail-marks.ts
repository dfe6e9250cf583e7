import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notification_mail_marks`: the deferred notifications (a direct message still unread after
 * 15 minutes) the mail sweep has handled, so each is mailed at most once.
 */
export class CreateNotificationMailMarks1796600000001 implements MigrationInterface {
  name = 'CreateNotificationMailMarks1796600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_mail_marks" ("notification_id" uuid NOT NULL, "handled_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_notification_mail_marks" PRIMARY KEY ("notification_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_mail_marks" ADD CONSTRAINT "FK_notification_mail_marks_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_mail_marks"`);
  }
}

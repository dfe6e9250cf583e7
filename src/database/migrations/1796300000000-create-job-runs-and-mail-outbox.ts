import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `job_runs`: one row per due time of a scheduled job, whose primary key makes each due
 * time run once across processes. `mail_outbox`: mails stored in the transaction of what
 * caused them, sent by the mail worker.
 */
export class CreateJobRunsAndMailOutbox1796300000000 implements MigrationInterface {
  name = 'CreateJobRunsAndMailOutbox1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_runs" ("job" character varying(100) NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '1', "locked_until" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP(3) WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_job_runs" PRIMARY KEY ("job", "due_at"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" character varying(255) NOT NULL, "kind" character varying(64) NOT NULL, "member_id" uuid, "to_address" character varying(320) NOT NULL, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text, "headers" jsonb NOT NULL DEFAULT '{}', "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "last_error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_mail_outbox" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_mail_outbox_message_id" ON "mail_outbox" ("message_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_member" ON "mail_outbox" ("member_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_due" ON "mail_outbox" ("next_attempt_at") WHERE status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP TABLE "job_runs"`);
  }
}

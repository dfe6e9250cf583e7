import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMembershipApplications1795829568416 implements MigrationInterface {
  name = 'CreateMembershipApplications1795829568416';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "consents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "agreement_version" character varying(32) NOT NULL, "purpose" character varying(64) NOT NULL, "subject_id" uuid, "consented_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9efc68eb6aba7d638fb6ea034dd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_consents_member" ON "consents"  ("member_id", "consented_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."membership_applications_status_enum" AS ENUM('pending', 'approved', 'rejected', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."membership_applications_organization_type_enum" AS ENUM('brand', 'merchant', 'manufacturer', 'distributor', 'third_party_service_provider')`,
    );
    await queryRunner.query(
      `CREATE TABLE "membership_applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "applicant_id" uuid NOT NULL, "status" "public"."membership_applications_status_enum" NOT NULL DEFAULT 'pending', "company_name" character varying(200) NOT NULL, "annual_turnover_cny" bigint NOT NULL, "is_decision_maker" boolean NOT NULL, "job_title" character varying(100) NOT NULL, "organization_type" "public"."membership_applications_organization_type_enum" NOT NULL, "motivation" character varying(2000) NOT NULL, "privacy_agreement_version" character varying(32) NOT NULL, "rules_version" character varying(64) NOT NULL, "decision_reason" character varying(1000), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6df1e0ca72e330af40714d59e95" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_membership_applications_queue" ON "membership_applications"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_membership_applications_applicant" ON "membership_applications"  ("applicant_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_membership_applications_one_pending" ON "membership_applications"  ("applicant_id") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."membership_application_history_status_enum" AS ENUM('pending', 'approved', 'rejected', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "membership_application_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "status" "public"."membership_application_history_status_enum" NOT NULL, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_feede094650247ec2684476f2ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_membership_application_history_application" ON "membership_application_history"  ("application_id", "at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "consents" ADD CONSTRAINT "FK_224a5f22cba135291e80787206b" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_applications" ADD CONSTRAINT "FK_6185d98153791ae8d27146f1572" FOREIGN KEY ("applicant_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_applications" ADD CONSTRAINT "FK_f784c90945455cb709f225c8ec3" FOREIGN KEY ("decided_by") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_application_history" ADD CONSTRAINT "FK_5eba9f264b96013475aff1f1547" FOREIGN KEY ("application_id") REFERENCES "membership_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "membership_application_history" DROP CONSTRAINT "FK_5eba9f264b96013475aff1f1547"`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_applications" DROP CONSTRAINT "FK_f784c90945455cb709f225c8ec3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_applications" DROP CONSTRAINT "FK_6185d98153791ae8d27146f1572"`,
    );
    await queryRunner.query(
      `ALTER TABLE "consents" DROP CONSTRAINT "FK_224a5f22cba135291e80787206b"`,
    );
    await queryRunner.query(`DROP TABLE "membership_application_history"`);
    await queryRunner.query(`DROP TYPE "public"."membership_application_history_status_enum"`);
    await queryRunner.query(`DROP TABLE "membership_applications"`);
    await queryRunner.query(`DROP TYPE "public"."membership_applications_organization_type_enum"`);
    await queryRunner.query(`DROP TYPE "public"."membership_applications_status_enum"`);
    await queryRunner.query(`DROP TABLE "consents"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Golden Crown, stage two: committee votes (`membership_application_votes`, and `vote` on
 * history rows), an application's `kind` (a renewal), the member's term
 * (`members.golden_crown_until`, a full term from now for every present Golden Crown
 * member) and the reminders already sent for a term (`golden_crown_reminders`).
 *
 * The full term is `GOLDEN_CROWN_TERM_DAYS` from the validated configuration, the value the
 * server grants at approval: `migrations(config)` binds it (`withTermDays`), since TypeORM
 * builds a migration without arguments.
 */
export class AddGoldenCrownCommitteeAndTerm1797400000000 implements MigrationInterface {
  name = 'AddGoldenCrownCommitteeAndTerm1797400000000';

  constructor(private readonly termDays: number) {}

  /** This migration as TypeORM builds it (without arguments), giving terms of `termDays`. */
  static withTermDays(termDays: number): new () => AddGoldenCrownCommitteeAndTerm1797400000000 {
    return class extends AddGoldenCrownCommitteeAndTerm1797400000000 {
      constructor() {
        super(termDays);
      }
    };
  }

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."membership_applications_kind_enum" AS ENUM('application', 'renewal')`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_applications" ADD "kind" "public"."membership_applications_kind_enum" NOT NULL DEFAULT 'application'`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_application_history" ADD "vote" character varying(16)`,
    );
    await queryRunner.query(
      `CREATE TABLE "membership_application_votes" ("application_id" uuid NOT NULL, "moderator_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_membership_application_votes" PRIMARY KEY ("application_id", "moderator_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_application_votes" ADD CONSTRAINT "FK_membership_application_votes_application" FOREIGN KEY ("application_id") REFERENCES "membership_applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership_application_votes" ADD CONSTRAINT "FK_membership_application_votes_moderator" FOREIGN KEY ("moderator_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "golden_crown_until" TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_members_golden_crown_until" ON "members" ("golden_crown_until") WHERE tier = 'golden_crown'`,
    );
    await queryRunner.query(
      `UPDATE "members" SET "golden_crown_until" = now() + make_interval(days => $1) WHERE "tier" = 'golden_crown' AND "erased_at" IS NULL`,
      [this.termDays],
    );
    await queryRunner.query(
      `CREATE TABLE "golden_crown_reminders" ("member_id" uuid NOT NULL, "term_until" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "days_before" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_golden_crown_reminders" PRIMARY KEY ("member_id", "term_until", "days_before"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "golden_crown_reminders" ADD CONSTRAINT "FK_golden_crown_reminders_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "golden_crown_reminders"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_members_golden_crown_until"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "golden_crown_until"`);
    await queryRunner.query(`DROP TABLE "membership_application_votes"`);
    await queryRunner.query(`ALTER TABLE "membership_application_history" DROP COLUMN "vote"`);
    await queryRunner.query(`ALTER TABLE "membership_applications" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP TYPE "public"."membership_applications_kind_enum"`);
  }
}

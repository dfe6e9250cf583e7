import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `member_blocks`: who blocked whom (one row per direction). */
export class CreateMemberBlocks1796900000000 implements MigrationInterface {
  name = 'CreateMemberBlocks1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_blocks" ("blocker_id" uuid NOT NULL, "blocked_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_member_blocks" PRIMARY KEY ("blocker_id", "blocked_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_member_blocks_blocked" ON "member_blocks" ("blocked_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "member_blocks" ADD CONSTRAINT "FK_member_blocks_blocker" FOREIGN KEY ("blocker_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "member_blocks" ADD CONSTRAINT "FK_member_blocks_blocked" FOREIGN KEY ("blocked_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "member_blocks"`);
  }
}

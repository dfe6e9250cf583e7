import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Direct conversations are rooms of kind `direct`: `rooms.member_key` finds the one of a set
 * of members, `conversation_members` says who is in it. `room_read_positions`: how far each
 * member read each room and conversation (unread counts).
 */
export class CreateConversations1796900000100 implements MigrationInterface {
  name = 'CreateConversations1796900000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."rooms_kind_enum" ADD VALUE 'direct'`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "member_key" character(64)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_rooms_member_key" ON "rooms" ("member_key") WHERE "member_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "conversation_members" ("room_id" uuid NOT NULL, "member_id" uuid NOT NULL, "muted" boolean NOT NULL DEFAULT false, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_conversation_members" PRIMARY KEY ("room_id", "member_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_conversation_members_member" ON "conversation_members" ("member_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_members" ADD CONSTRAINT "FK_conversation_members_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversation_members" ADD CONSTRAINT "FK_conversation_members_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "room_read_positions" ("member_id" uuid NOT NULL, "room_id" uuid NOT NULL, "last_read_seq" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_room_read_positions" PRIMARY KEY ("member_id", "room_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_read_positions" ADD CONSTRAINT "FK_room_read_positions_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_read_positions" ADD CONSTRAINT "FK_room_read_positions_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "room_read_positions"`);
    await queryRunner.query(`DROP TABLE "conversation_members"`);
    await queryRunner.query(`DELETE FROM "rooms" WHERE "kind" = 'direct'`);
    await queryRunner.query(`DROP INDEX "public"."UQ_rooms_member_key"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "member_key"`);
    await queryRunner.query(
      `CREATE TYPE "public"."rooms_kind_enum_old" AS ENUM('open', 'golden_crown')`,
    );
    await queryRunner.query(`ALTER TABLE "rooms" ALTER COLUMN "kind" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "rooms" ALTER COLUMN "kind" TYPE "public"."rooms_kind_enum_old" USING "kind"::text::"public"."rooms_kind_enum_old"`,
    );
    await queryRunner.query(`ALTER TABLE "rooms" ALTER COLUMN "kind" SET DEFAULT 'open'`);
    await queryRunner.query(`DROP TYPE "public"."rooms_kind_enum"`);
    await queryRunner.query(
      `ALTER TYPE "public"."rooms_kind_enum_old" RENAME TO "rooms_kind_enum"`,
    );
  }
}

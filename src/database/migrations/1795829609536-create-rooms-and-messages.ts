import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRoomsAndMessages1795829609536 implements MigrationInterface {
  name = 'CreateRoomsAndMessages1795829609536';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."rooms_kind_enum" AS ENUM('open', 'golden_crown')`,
    );
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(50) NOT NULL, "name" character varying(50) NOT NULL, "kind" "public"."rooms_kind_enum" NOT NULL DEFAULT 'open', "description" character varying(500) NOT NULL DEFAULT '', "last_seq" integer NOT NULL DEFAULT '0', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0368a2d7c215f2d0458a54933f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_rooms_slug" ON "rooms"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "room_id" uuid NOT NULL, "seq" integer NOT NULL, "author_id" uuid NOT NULL, "client_msg_id" character varying(64) NOT NULL, "body" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_messages_author_client_msg" ON "messages"  ("author_id", "client_msg_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_messages_room_seq" ON "messages"  ("room_id", "seq") `,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_1dda4fc8dbeeff2ee71f0088ba0" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_05535bc695e9f7ee104616459d3" FOREIGN KEY ("author_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The rooms every installation starts with (the API contract: "at first start").
    await queryRunner.query(
      `INSERT INTO "rooms" ("slug", "name", "kind", "description") VALUES
         ('general', '综合讨论', 'open', '所有会员的综合讨论'),
         ('golden-crown-lounge', '金冠会客厅', 'golden_crown', '金冠俱乐部会员专属')
       ON CONFLICT ("slug") DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "messages" DROP CONSTRAINT "FK_05535bc695e9f7ee104616459d3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" DROP CONSTRAINT "FK_1dda4fc8dbeeff2ee71f0088ba0"`,
    );
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`DROP TYPE "public"."rooms_kind_enum"`);
  }
}

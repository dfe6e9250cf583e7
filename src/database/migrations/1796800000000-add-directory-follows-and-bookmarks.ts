import type { MigrationInterface, QueryRunner } from 'typeorm';
import { directoryTokens } from '../../modules/members/member-search';

const BATCH = 500;

interface MemberText {
  id: string;
  display_name: string;
  company: string;
  expertise: string[];
}

/** Fills every member's directory tokens, in batches of `BATCH` (keyset on the id). */
async function backfillDirectoryTokens(queryRunner: QueryRunner): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const members = (await queryRunner.query(
      `SELECT id, display_name, company, expertise FROM members
        WHERE id > $1 AND erased_at IS NULL ORDER BY id LIMIT ${BATCH}`,
      [after],
    )) as MemberText[];
    if (members.length === 0) break;
    const tokens = members.map((m) =>
      directoryTokens({
        displayName: m.display_name,
        company: m.company,
        showCompany: true,
        expertise: m.expertise,
      }),
    );
    // Tokens are letters, digits and CJK characters only: never the unit separator.
    await queryRunner.query(
      `UPDATE members SET search_tokens = string_to_array(b.search, E'\\x1f'),
              name_tokens = string_to_array(b.name, E'\\x1f')
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS b(id, search, name)
       WHERE members.id = b.id`,
      [
        members.map((m) => m.id),
        tokens.map((t) => t.searchTokens.join('\x1f')),
        tokens.map((t) => t.nameTokens.join('\x1f')),
      ],
    );
    after = members[members.length - 1].id;
  }
}

/**
 * The network (issue 19): members' directory settings (`listed_in_directory`, `show_company`,
 * `dm_from`) and search tokens, with the directory's indexes (listed members newest first, a
 * GIN on the tokens and one on expertise); follows of members and of tags; bookmarks.
 */
export class AddDirectoryFollowsAndBookmarks1796800000000 implements MigrationInterface {
  name = 'AddDirectoryFollowsAndBookmarks1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."members_dm_from_enum" AS ENUM('everyone', 'following', 'nobody')`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "listed_in_directory" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "show_company" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "dm_from" "public"."members_dm_from_enum" NOT NULL DEFAULT 'everyone'`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "search_tokens" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD "name_tokens" text array NOT NULL DEFAULT '{}'`,
    );
    await backfillDirectoryTokens(queryRunner);
    await queryRunner.query(
      `CREATE INDEX "IDX_members_directory" ON "members" ("created_at", "id")
        WHERE listed_in_directory AND erased_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_members_search_tokens" ON "members" USING GIN ("search_tokens")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_members_expertise" ON "members" USING GIN ("expertise")`,
    );

    await queryRunner.query(
      `CREATE TABLE "member_follows" ("follower_id" uuid NOT NULL, "followed_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_member_follows" PRIMARY KEY ("follower_id", "followed_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_member_follows_followed" ON "member_follows" ("followed_id", "created_at", "follower_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_member_follows_follower" ON "member_follows" ("follower_id", "created_at", "followed_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "member_follows" ADD CONSTRAINT "FK_member_follows_follower" FOREIGN KEY ("follower_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "member_follows" ADD CONSTRAINT "FK_member_follows_followed" FOREIGN KEY ("followed_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "tag_follows" ("member_id" uuid NOT NULL, "tag" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_tag_follows" PRIMARY KEY ("member_id", "tag"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "tag_follows" ADD CONSTRAINT "FK_tag_follows_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "post_bookmarks" ("member_id" uuid NOT NULL, "post_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_post_bookmarks" PRIMARY KEY ("member_id", "post_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_post_bookmarks_member_created" ON "post_bookmarks" ("member_id", "created_at", "post_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_post_bookmarks_post" ON "post_bookmarks" ("post_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "post_bookmarks" ADD CONSTRAINT "FK_post_bookmarks_member" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "post_bookmarks" ADD CONSTRAINT "FK_post_bookmarks_post" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "post_bookmarks"`);
    await queryRunner.query(`DROP TABLE "tag_follows"`);
    await queryRunner.query(`DROP TABLE "member_follows"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_members_expertise"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_members_search_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_members_directory"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "name_tokens"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "search_tokens"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "dm_from"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "show_company"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "listed_in_directory"`);
    await queryRunner.query(`DROP TYPE "public"."members_dm_from_enum"`);
  }
}

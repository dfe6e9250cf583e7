import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MemberRelations, type FollowFactsDto } from '../members/member-relations';
import { FollowedSources, type FollowedSourcesDto } from '../posts/followed-sources';

interface FollowFactsRow {
  id: string;
  follower_count: number;
  following_count: number;
  followed_by_me: boolean;
}

/**
 * What other features read of follows, each in one statement: a profile's counts and
 * whether the reader follows (for the members feature), and what a member follows (for
 * the posts feature's `feed=following`). Counts are computed from the rows, so they are
 * right whatever concurrent follows and unfollows did.
 */
@Injectable()
export class FollowReads implements MemberRelations, FollowedSources {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async followFacts(
    viewerId: string | undefined,
    memberIds: readonly string[],
  ): Promise<Map<string, FollowFactsDto>> {
    const rows = await this.dataSource.query<FollowFactsRow[]>(
      `SELECT t.id,
              (SELECT count(*)::int FROM member_follows f WHERE f.followed_id = t.id) AS follower_count,
              (SELECT count(*)::int FROM member_follows f WHERE f.follower_id = t.id) AS following_count,
              EXISTS (SELECT 1 FROM member_follows f
                       WHERE f.follower_id = $1 AND f.followed_id = t.id) AS followed_by_me
         FROM unnest(CAST($2 AS uuid[])) AS t(id)`,
      [viewerId ?? null, [...new Set(memberIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          followerCount: row.follower_count,
          followingCount: row.following_count,
          followedByMe: row.followed_by_me,
        },
      ]),
    );
  }

  async followedBy(memberId: string): Promise<FollowedSourcesDto> {
    const [row] = await this.dataSource.query<{ member_ids: string[]; tags: string[] }[]>(
      `SELECT ARRAY(SELECT followed_id::text FROM member_follows WHERE follower_id = $1) AS member_ids,
              ARRAY(SELECT tag::text FROM tag_follows WHERE member_id = $1) AS tags`,
      [memberId],
    );
    return { memberIds: row.member_ids, tags: row.tags };
  }
}

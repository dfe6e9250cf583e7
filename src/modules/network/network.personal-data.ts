import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';

interface FollowRow {
  memberId: string;
  createdAt: Date;
}

@Injectable()
@PersonalDataSource()
export class FollowsPersonalData implements PersonalData {
  readonly section = 'follows';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whom the member follows, who follows them, and the tags they follow. */
  async export(memberId: string): Promise<unknown> {
    const [following, followers, tags] = await Promise.all([
      this.dataSource.query<FollowRow[]>(
        `SELECT followed_id AS "memberId", created_at AS "createdAt" FROM member_follows
          WHERE follower_id = $1 ORDER BY created_at, followed_id`,
        [memberId],
      ),
      this.dataSource.query<FollowRow[]>(
        `SELECT follower_id AS "memberId", created_at AS "createdAt" FROM member_follows
          WHERE followed_id = $1 ORDER BY created_at, follower_id`,
        [memberId],
      ),
      this.dataSource.query<{ tag: string; createdAt: Date }[]>(
        `SELECT tag, created_at AS "createdAt" FROM tag_follows
          WHERE member_id = $1 ORDER BY tag`,
        [memberId],
      ),
    ]);
    const toItem = (row: FollowRow) => ({
      memberId: row.memberId,
      since: row.createdAt.toISOString(),
    });
    return {
      following: following.map(toItem),
      followers: followers.map(toItem),
      tags: tags.map((row) => ({ tag: row.tag, since: row.createdAt.toISOString() })),
    };
  }

  /** Follows both ways and followed tags: none means anything once the member is erased. */
  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.query('DELETE FROM member_follows WHERE follower_id = $1 OR followed_id = $1', [
      memberId,
    ]);
    await em.query('DELETE FROM tag_follows WHERE member_id = $1', [memberId]);
  }
}

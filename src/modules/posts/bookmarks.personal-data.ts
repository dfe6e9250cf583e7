import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';

@Injectable()
@PersonalDataSource()
export class BookmarksPersonalData implements PersonalData {
  readonly section = 'bookmarks';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every bookmark, the post's id and when (also of posts the member no longer sees). */
  async export(memberId: string): Promise<unknown> {
    const rows = await this.dataSource.query<{ postId: string; createdAt: Date }[]>(
      `SELECT post_id AS "postId", created_at AS "createdAt" FROM post_bookmarks
        WHERE member_id = $1 ORDER BY created_at, post_id`,
      [memberId],
    );
    return rows.map((row) => ({ postId: row.postId, createdAt: row.createdAt.toISOString() }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.query('DELETE FROM post_bookmarks WHERE member_id = $1', [memberId]);
  }
}

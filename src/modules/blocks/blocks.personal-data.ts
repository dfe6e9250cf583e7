import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';

@Injectable()
@PersonalDataSource()
export class BlocksPersonalData implements PersonalData {
  readonly section = 'blocks';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The blocks the member made (not who blocked them: that is the other member's data). */
  async export(memberId: string): Promise<unknown> {
    const rows = await this.dataSource.query<{ memberId: string; createdAt: Date }[]>(
      `SELECT blocked_id AS "memberId", created_at AS "createdAt" FROM member_blocks
       WHERE blocker_id = $1 ORDER BY created_at, blocked_id`,
      [memberId],
    );
    return rows.map((row) => ({ memberId: row.memberId, createdAt: row.createdAt.toISOString() }));
  }

  /** Blocks made by the member and blocks of them: neither means anything once erased. */
  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.query('DELETE FROM member_blocks WHERE blocker_id = $1 OR blocked_id = $1', [
      memberId,
    ]);
  }
}

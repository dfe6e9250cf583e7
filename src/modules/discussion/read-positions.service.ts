import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Counts a member's unread messages after `p.last_read_seq` in room `r`: by others, not
 * deleted (own messages and tombstones never count). For a `FROM ... JOIN` over rooms and
 * read positions, with the member as `$1`.
 */
export const UNREAD_COUNT_SQL = `(
  SELECT count(*)::int FROM messages u
  WHERE u.room_id = r.id AND u.seq > p.last_read_seq
    AND u.author_id <> $1 AND u.deleted_at IS NULL)`;

/**
 * Read positions in rooms and direct conversations. A position only moves forward, never
 * past the room's latest `seq`.
 */
@Injectable()
export class ReadPositionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** On a member's first join of a room: read up to its latest message. Later joins keep it. */
  async startAtLatest(memberId: string, roomId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO room_read_positions (member_id, room_id, last_read_seq)
       SELECT $1, id, last_seq FROM rooms WHERE id = $2
       ON CONFLICT (member_id, room_id) DO NOTHING`,
      [memberId, roomId],
    );
  }

  /** Sets positions for members added to a conversation, at `seq` (or keeps a higher one). */
  async startAt(
    em: EntityManager,
    roomId: string,
    memberIds: readonly string[],
    seq: number,
  ): Promise<void> {
    if (memberIds.length === 0) return;
    await em.query(
      `INSERT INTO room_read_positions (member_id, room_id, last_read_seq)
       SELECT id, $1, $3 FROM unnest($2::uuid[]) AS id
       ON CONFLICT (member_id, room_id) DO NOTHING`,
      [roomId, memberIds, seq],
    );
  }

  /**
   * Reads up to `seq` (at most the room's latest); answers the position now and whether
   * nothing is left unread, or `null` when the room does not exist.
   */
  async markRead(
    memberId: string,
    roomId: string,
    seq: number,
  ): Promise<{ lastReadSeq: number; caughtUp: boolean } | null> {
    const [row] = await this.dataSource.query<{ lastReadSeq: number; lastSeq: number }[]>(
      `INSERT INTO room_read_positions AS p (member_id, room_id, last_read_seq)
       SELECT $1, r.id, LEAST($3::int, r.last_seq) FROM rooms r WHERE r.id = $2
       ON CONFLICT (member_id, room_id) DO UPDATE
         SET last_read_seq = GREATEST(p.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()
       RETURNING p.last_read_seq AS "lastReadSeq",
                 (SELECT last_seq FROM rooms WHERE id = $2) AS "lastSeq"`,
      [memberId, roomId, seq],
    );
    return row ? { lastReadSeq: row.lastReadSeq, caughtUp: row.lastReadSeq >= row.lastSeq } : null;
  }
}

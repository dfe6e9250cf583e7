import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';

/**
 * The member's direct conversations (their messages are in the `messages` section). On
 * erasure their direct messages become tombstones with no text, and they leave every
 * conversation; the other members keep it.
 */
@Injectable()
@PersonalDataSource()
export class ConversationsPersonalData implements PersonalData {
  readonly section = 'conversations';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.dataSource.query<
      { id: string; memberIds: string[]; muted: boolean; joinedAt: Date; startedByMe: boolean }[]
    >(
      `SELECT cm.room_id AS id, cm.muted, cm.joined_at AS "joinedAt",
              (r.created_by = $1) AS "startedByMe",
              ARRAY(SELECT o.member_id::text FROM conversation_members o
                     WHERE o.room_id = cm.room_id ORDER BY o.joined_at, o.member_id) AS "memberIds"
       FROM conversation_members cm JOIN rooms r ON r.id = cm.room_id
       WHERE cm.member_id = $1
       ORDER BY cm.joined_at, cm.room_id`,
      [memberId],
    );
    return rows.map((row) => ({
      id: row.id,
      memberIds: row.memberIds,
      muted: row.muted,
      startedByMe: row.startedByMe,
      joinedAt: row.joinedAt.toISOString(),
    }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.query(
      `UPDATE messages m SET deleted_at = COALESCE(m.deleted_at, now()),
              deleted_by = COALESCE(m.deleted_by, m.author_id), body = ''
       FROM rooms r
       WHERE r.id = m.room_id AND r.kind = 'direct' AND m.author_id = $1`,
      [memberId],
    );
    await em.query('DELETE FROM conversation_members WHERE member_id = $1', [memberId]);
  }
}

/** How far the member read each room and conversation. */
@Injectable()
@PersonalDataSource()
export class ReadPositionsPersonalData implements PersonalData {
  readonly section = 'readPositions';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.dataSource.query<
      { roomId: string; lastReadSeq: number; updatedAt: Date }[]
    >(
      `SELECT room_id AS "roomId", last_read_seq AS "lastReadSeq", updated_at AS "updatedAt"
       FROM room_read_positions WHERE member_id = $1 ORDER BY updated_at, room_id`,
      [memberId],
    );
    return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.query('DELETE FROM room_read_positions WHERE member_id = $1', [memberId]);
  }
}

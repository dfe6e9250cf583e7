import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  ReportableContentSource,
  type ReportableContent,
  type ReportableTarget,
  type ReportedContent,
  type ReportedContextMessage,
} from '../../common/moderation/reportable-content';
import { MessagesService } from './messages.service';

interface ReportedMessageRow {
  id: string;
  author_id: string;
  body: string;
  deleted_at: Date | null;
  deleted_by: string | null;
  room_id: string;
  room_name: string;
  room_kind: string;
  /** A direct conversation's members' names, joined. */
  member_names: string | null;
}

interface ContextRow {
  target_id: string;
  id: string;
  seq: number;
  author_id: string;
  body: string;
  deleted_at: Date | null;
  created_at: Date;
}

/** How many messages before a reported one the moderator sees. */
export const REPORT_CONTEXT_SIZE = 5;

/** Chat messages: hiding one leaves a tombstone in the room's history, as a deletion does. */
@Injectable()
@ReportableContentSource()
export class MessageReportableContent implements ReportableContent {
  readonly type = 'message';

  constructor(
    private readonly messages: MessagesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.messages.findForReport(id, reporter);
  }

  hide(em: EntityManager, id: string, moderatorId: string): Promise<boolean> {
    return this.messages.hideAsModerator(em, id, moderatorId);
  }

  afterHide(id: string): Promise<void> {
    return this.messages.announceHidden(id);
  }

  /**
   * Each message whole (at most 4,000 characters) with its room and the five messages before
   * it (deleted ones as tombstones); deleted ones too. For a direct conversation this is all a
   * moderator ever reads of it. Two statements, whatever the number of ids.
   */
  async describe(ids: readonly string[]): Promise<Map<string, ReportedContent>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<ReportedMessageRow[]>(
      `SELECT m.id, m.author_id, m.body, m.deleted_at, m.deleted_by, r.id AS room_id,
              r.name AS room_name, r.kind AS room_kind,
              CASE WHEN r.kind = 'direct' THEN
                (SELECT string_agg(a.display_name, ', ' ORDER BY a.display_name)
                   FROM conversation_members cm JOIN members a ON a.id = cm.member_id
                  WHERE cm.room_id = r.id) END AS member_names
         FROM messages m JOIN rooms r ON r.id = m.room_id
        WHERE m.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    const contextRows = await this.dataSource.query<ContextRow[]>(
      `SELECT t.id AS target_id, c.id, c.seq, c.author_id, c.body, c.deleted_at, c.created_at
         FROM messages t
         CROSS JOIN LATERAL (
           SELECT b.id, b.seq, b.author_id, b.body, b.deleted_at, b.created_at FROM messages b
            WHERE b.room_id = t.room_id AND b.seq < t.seq
            ORDER BY b.seq DESC LIMIT ${REPORT_CONTEXT_SIZE}) c
        WHERE t.id = ANY($1::uuid[])
        ORDER BY t.id, c.seq`,
      [[...ids]],
    );
    const contexts = new Map<string, ReportedContextMessage[]>();
    for (const row of contextRows) {
      const list = contexts.get(row.target_id) ?? [];
      list.push({
        id: row.id,
        seq: row.seq,
        authorId: row.author_id,
        text: row.deleted_at ? null : row.body,
        createdAt: row.created_at.toISOString(),
      });
      contexts.set(row.target_id, list);
    }
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          authorId: row.author_id,
          text: row.body,
          place:
            row.room_kind === 'direct'
              ? { type: 'conversation', id: row.room_id, title: row.member_names ?? '' }
              : { type: 'room', id: row.room_id, title: row.room_name },
          context: contexts.get(row.id) ?? [],
          // A message removed by someone other than its author was removed by a moderator.
          removed:
            row.deleted_at === null
              ? null
              : row.deleted_by === null || row.deleted_by === row.author_id
                ? 'deleted'
                : 'hidden',
        },
      ]),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  ReportableContentSource,
  type ReportableContent,
  type ReportableTarget,
  type ReportedContent,
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
}

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

  /** Each message whole (at most 4,000 characters) with its room; deleted ones too. */
  async describe(ids: readonly string[]): Promise<Map<string, ReportedContent>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<ReportedMessageRow[]>(
      `SELECT m.id, m.author_id, m.body, m.deleted_at, m.deleted_by, r.id AS room_id,
              r.name AS room_name
         FROM messages m JOIN rooms r ON r.id = m.room_id
        WHERE m.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          authorId: row.author_id,
          text: row.body,
          place: { type: 'room', id: row.room_id, title: row.room_name },
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

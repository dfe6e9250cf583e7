import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { AuditLogService } from '../audit/audit-log.service';
import { hasRole } from '../members/member.types';
import {
  toHistoryItem,
  toMessageDto,
  type HistoryItem,
  type MessageDto,
  type MessageRow,
} from './dto/message.dto';
import { RoomsService } from './rooms.service';

const SELECT_MESSAGE = `
  SELECT m.id, m.room_id AS "roomId", m.seq, m.author_id AS "authorId",
         m.client_msg_id AS "clientMsgId", m.body, m.deleted_at AS "deletedAt",
         m.created_at AS "createdAt", a.display_name AS "authorName",
         a.avatar_upload_id AS "authorAvatarUploadId", (r.kind = 'direct') AS direct
  FROM messages m JOIN members a ON a.id = m.author_id JOIN rooms r ON r.id = m.room_id`;

/**
 * Stores a message in one statement (one round trip, one transaction): the idempotency
 * lookup, the room's next `seq` and the insert. The room's counter rises only when the
 * insert happens and succeeds (a failed insert rolls the whole statement back), so `seq` is
 * gapless; the row lock on the room serializes concurrent senders, so it is never shared.
 * A stored `(author, clientMsgId)` answers its row with `created = false` and raises
 * nothing. No row: the room does not exist. A new message also answers its author's
 * avatar (a key lookup in the same statement).
 */
const STORE_MESSAGE = `
  WITH stored AS (
    SELECT id, seq, created_at FROM messages WHERE author_id = $2 AND client_msg_id = $3
  ), next AS (
    UPDATE rooms SET last_seq = last_seq + 1
    WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM stored)
    RETURNING last_seq
  ), inserted AS (
    INSERT INTO messages (room_id, seq, author_id, client_msg_id, body)
    SELECT $1, next.last_seq, $2, $3, $4 FROM next
    RETURNING id, seq, created_at
  )
  SELECT id, seq, created_at AS "createdAt", true AS created,
         (SELECT avatar_upload_id FROM members WHERE id = $2) AS "authorAvatarUploadId"
    FROM inserted
  UNION ALL
  SELECT id, seq, created_at AS "createdAt", false AS created, NULL AS "authorAvatarUploadId"
    FROM stored`;

export interface HistoryWindow {
  afterSeq?: number;
  beforeSeq?: number;
  limit: number;
}

/** Where a message goes: a direct conversation reaches its members' own sockets. */
export interface SendOptions {
  /** The conversation's members, when the room is a direct conversation. */
  conversationMemberIds?: readonly string[];
}

export interface SentMessage {
  message: MessageDto;
  /** `false` for a retry of a stored `clientMsgId`: nothing new was stored or broadcast. */
  created: boolean;
}

/**
 * Chat messages. Stored before they are acknowledged or broadcast; the `seq` comes from the
 * room row, raised in the same statement as the insert, so it is gapless and never shared.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: RoomsService,
    private readonly events: DomainEventBus,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * Messages of a room in ascending `seq`: with `afterSeq`, the first `limit` after it;
   * with `beforeSeq`, the last `limit` before it; with neither, the latest `limit`.
   * Fetches `limit + 1` rows, so `hasMore` says whether the window was cut.
   */
  async history(
    roomId: string,
    { afterSeq, beforeSeq, limit }: HistoryWindow,
  ): Promise<{ items: HistoryItem[]; hasMore: boolean }> {
    const params: unknown[] = [roomId];
    const where = ['m.room_id = $1'];
    if (afterSeq !== undefined) where.push(`m.seq > $${params.push(afterSeq)}`);
    if (beforeSeq !== undefined) where.push(`m.seq < $${params.push(beforeSeq)}`);
    const ascending = afterSeq !== undefined;
    const rows = await this.dataSource.query<MessageRow[]>(
      `${SELECT_MESSAGE} WHERE ${where.join(' AND ')}
       ORDER BY m.seq ${ascending ? 'ASC' : 'DESC'} LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const hasMore = rows.length > limit;
    const shown = rows.slice(0, limit);
    if (!ascending) shown.reverse();
    return { items: shown.map(toHistoryItem), hasMore };
  }

  /**
   * Stores a message, idempotent on (author, `clientMsgId`): a retry answers the stored
   * message and raises nothing. The caller has checked the member's right to the room.
   */
  async send(
    author: { id: string; displayName: string },
    roomId: string,
    clientMsgId: string,
    body: string,
    options: SendOptions = {},
  ): Promise<SentMessage> {
    const sent = await this.store(
      this.dataSource.manager,
      author,
      roomId,
      clientMsgId,
      body,
      options,
    );
    if (sent.created) this.announce(sent.message, options);
    return sent;
  }

  /**
   * Stores a message with `em` (inside the caller's transaction, if any) and raises nothing:
   * the caller `announce`s it once committed. Idempotent as `send`.
   */
  async store(
    em: EntityManager,
    author: { id: string; displayName: string },
    roomId: string,
    clientMsgId: string,
    body: string,
    options: SendOptions = {},
  ): Promise<SentMessage> {
    let rows: {
      id: string;
      seq: number;
      createdAt: Date;
      created: boolean;
      authorAvatarUploadId: string | null;
    }[];
    try {
      rows = await em.query(STORE_MESSAGE, [roomId, author.id, clientMsgId, body]);
    } catch (error) {
      if (isUniqueViolation(error) && !em.queryRunner?.isTransactionActive) {
        // A concurrent retry of the same message won the race.
        const winner = await this.findByClientMsgId(author.id, clientMsgId);
        if (winner) return { message: winner, created: false };
      }
      throw error;
    }
    const [row] = rows;
    if (!row) throw new NotFoundError('Room');
    if (!row.created) {
      // A retry: the stored message as it is now (a second read, for retries only).
      const stored = await this.findByClientMsgId(author.id, clientMsgId, em);
      if (stored) return { message: stored, created: false };
      throw new NotFoundError('Message');
    }
    const message = toMessageDto({
      id: row.id,
      roomId,
      seq: row.seq,
      authorId: author.id,
      authorName: author.displayName,
      authorAvatarUploadId: row.authorAvatarUploadId,
      clientMsgId,
      body,
      deletedAt: null,
      createdAt: row.createdAt,
      direct: options.conversationMemberIds !== undefined,
    });
    return { message, created: true };
  }

  /** Broadcasts a stored message: to its room, or to a conversation's members' sockets. */
  announce(message: MessageDto, options: SendOptions = {}): void {
    this.events.emit('discussion.message.created', {
      message,
      memberIds: options.conversationMemberIds,
    });
  }

  /** Its author or a moderator deletes a message; a moderator's deletion is audited. */
  async delete(actor: AuthMember, id: string): Promise<void> {
    const [message] = await this.dataSource.query<MessageRow[]>(
      `${SELECT_MESSAGE} WHERE m.id = $1`,
      [id],
    );
    if (!message || message.deletedAt) throw new NotFoundError('Message');
    await this.rooms.findReadable(actor, message.roomId);
    const own = message.authorId === actor.id;
    // In a direct conversation only its author deletes a message (moderators hide reported ones).
    if (message.direct && !own) throw new NotFoundError('Message');
    if (!own && !hasRole(actor.role, 'moderator')) {
      throw new ForbiddenError('Only its author or a moderator may delete a message');
    }
    await this.dataSource.transaction(async (em) => {
      const [, affected] = await em.query<[unknown[], number]>(
        `UPDATE messages SET deleted_at = now(), deleted_by = $2
         WHERE id = $1 AND deleted_at IS NULL`,
        [id, actor.id],
      );
      if (!affected) throw new NotFoundError('Message');
      if (!own) {
        await this.audit.record(em, {
          actorId: actor.id,
          action: 'message.deleted',
          targetType: 'message',
          targetId: id,
          detail: { roomId: message.roomId, seq: message.seq, authorId: message.authorId },
        });
      }
    });
    this.events.emit('discussion.message.deleted', { roomId: message.roomId, id });
  }

  // --- Hooks for the moderation feature ---------------------------------------------

  /** A message the reporter may see (in a room they may join, not deleted), or `null`. */
  async findForReport(
    id: string,
    reporter: AuthMember,
  ): Promise<{ id: string; authorId: string; roomId: string } | null> {
    const [message] = await this.dataSource.query<MessageRow[]>(
      `${SELECT_MESSAGE} WHERE m.id = $1 AND m.deleted_at IS NULL`,
      [id],
    );
    if (!message) return null;
    try {
      await this.rooms.findReadable(reporter, message.roomId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    return { id: message.id, authorId: message.authorId, roomId: message.roomId };
  }

  /** A moderator hides a reported message inside their transaction: a tombstone, as a deletion. */
  async hideAsModerator(em: EntityManager, id: string, moderatorId: string): Promise<boolean> {
    const [, affected] = await em.query<[unknown[], number]>(
      `UPDATE messages SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL`,
      [id, moderatorId],
    );
    return affected > 0;
  }

  /** After the hiding committed: tells the message's room, live, that it is gone. */
  async announceHidden(id: string): Promise<void> {
    const [row] = await this.dataSource.query<{ roomId: string }[]>(
      'SELECT room_id AS "roomId" FROM messages WHERE id = $1',
      [id],
    );
    if (row) this.events.emit('discussion.message.deleted', { roomId: row.roomId, id });
  }

  private async findByClientMsgId(
    authorId: string,
    clientMsgId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<MessageDto | null> {
    const [row] = await em.query<MessageRow[]>(
      `${SELECT_MESSAGE} WHERE m.author_id = $1 AND m.client_msg_id = $2`,
      [authorId, clientMsgId],
    );
    return row ? toMessageDto(row) : null;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { isUniqueViolation } from '../../common/errors/database-errors';
import {
  NotFoundError,
  RateLimitedError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import {
  decodeCursor,
  encodeCursor,
  isCursorId,
  isCursorTime,
  type Page,
} from '../../common/pagination/page';
import type { PageQuery } from '../../common/validation/decorators';
import { AppConfigService } from '../../config/app-config.service';
import { BlockedError } from '../blocks/blocks.errors';
import { BlocksService } from '../blocks/blocks.service';
import { MemberRelations } from '../members/member-relations';
import type { MemberRecord } from '../members/member.record';
import { MembersService } from '../members/members.service';
import { DmNotAllowedError } from './discussion.errors';
import {
  MAX_OTHER_MEMBERS,
  type ConversationDto,
  type ConversationMemberDto,
  type StartConversationDto,
} from './dto/conversation.dto';
import {
  toHistoryItem,
  type HistoryItem,
  type MessageDto,
  type MessageRow,
} from './dto/message.dto';
import { MessagesService, type HistoryWindow, type SentMessage } from './messages.service';
import { UNREAD_COUNT_SQL, ReadPositionsService } from './read-positions.service';
import { RoomsService } from './rooms.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The one conversation of a set of members: SHA-256 of their sorted ids. */
export function memberKeyOf(memberIds: readonly string[]): string {
  return createHash('sha256')
    .update(
      [...memberIds]
        .map((id) => id.toLowerCase())
        .sort()
        .join(','),
    )
    .digest('hex');
}

interface ConversationRow {
  id: string;
  muted: boolean;
  lastReadSeq: number;
  unreadCount: number;
  activityKey: string;
  lmId: string | null;
  lmSeq: number | null;
  lmAuthorId: string | null;
  lmAuthorName: string | null;
  lmClientMsgId: string | null;
  lmBody: string | null;
  lmDeletedAt: Date | null;
  lmCreatedAt: Date | null;
}

/** `[activity time with microseconds, id]`, as every keyset cursor of the API. */
const isCursor = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && isCursorTime(value[0]) && isCursorId(value[1]);

/**
 * Direct conversations: rooms of kind `direct` with the same `seq`, idempotency, tombstones
 * and fan-out as rooms; membership is the only access rule, and nobody else reads them,
 * moderators included (reported messages reach moderation through the message reports).
 */
@Injectable()
export class ConversationsService {
  private readonly dailyLimit: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly readPositions: ReadPositionsService,
    private readonly blocks: BlocksService,
    private readonly members: MembersService,
    private readonly events: DomainEventBus,
    config: AppConfigService,
    /** The follows (the network feature's), for `dmFrom: "following"`. */
    @Optional() @Inject(MemberRelations) private readonly relations: MemberRelations | null,
  ) {
    this.dailyLimit = config.get('DM_NEW_CONVERSATIONS_PER_DAY');
  }

  /**
   * Starts a conversation with `memberIds` and its first message, or adds the message to the
   * one that set of members already has (`created: false`; no count against the daily limit;
   * members of the set who had left are back in it).
   */
  async start(
    author: AuthMember,
    dto: StartConversationDto,
  ): Promise<{ conversation: ConversationDto; created: boolean }> {
    const others = [...new Set(dto.memberIds.map((id) => id.toLowerCase()))].filter(
      (id) => id !== author.id,
    );
    if (others.length === 0 || others.length > MAX_OTHER_MEMBERS) {
      throw new ValidationFailedError([
        {
          field: 'memberIds',
          messages: [
            {
              en: `memberIds must name 1-${MAX_OTHER_MEMBERS} other members`,
              zh: `须包含 1–${MAX_OTHER_MEMBERS} 位其他会员`,
            },
          ],
        },
      ]);
    }
    const recipients = await Promise.all(others.map((id) => this.members.findActive(id)));
    if (recipients.some((recipient) => !recipient)) throw new NotFoundError('Member');
    await this.refuseBlocked(author.id, others);
    for (const recipient of recipients as MemberRecord[]) {
      if (!(await this.accepts(recipient, author.id))) throw new DmNotAllowedError();
    }

    const memberIds = [author.id, ...others];
    const key = memberKeyOf(memberIds);
    let started: { roomId: string; created: boolean; message: MessageDto };
    try {
      started = await this.dataSource.transaction((em) =>
        this.startIn(em, author, memberIds, key, dto.body),
      );
    } catch (error) {
      // The same set was started at the same moment by another of its members: add to it.
      if (!isUniqueViolation(error, 'UQ_rooms_member_key')) throw error;
      started = await this.dataSource.transaction((em) =>
        this.startIn(em, author, memberIds, key, dto.body),
      );
    }
    const current = await this.rooms.conversationMemberIds(started.roomId);
    this.messages.announce(started.message, { conversationMemberIds: current });
    await this.notify(started.roomId, started.message);
    const conversation = await this.findOne(author.id, started.roomId);
    if (!conversation) throw new NotFoundError('Conversation');
    return { conversation, created: started.created };
  }

  /** A message in a conversation the author is in; idempotent on `clientMsgId`. */
  async send(
    author: { id: string; displayName: string },
    conversationId: string,
    clientMsgId: string,
    body: string,
  ): Promise<SentMessage> {
    const memberIds = await this.memberIdsOf(conversationId, author.id);
    await this.refuseBlocked(
      author.id,
      memberIds.filter((id) => id !== author.id),
    );
    const { message, created } = await this.messages.send(
      author,
      conversationId,
      clientMsgId,
      body,
      { conversationMemberIds: memberIds },
    );
    if (created) await this.notify(conversationId, message);
    return { message, created };
  }

  /** Own conversations, latest activity first. */
  async list(memberId: string, { limit, cursor }: PageQuery): Promise<Page<ConversationDto>> {
    const params: unknown[] = [memberId];
    let after = '';
    if (cursor) {
      const [key, id] = decodeCursor(cursor, isCursor);
      after = `AND (c."activityAt", c.id) < (CAST($${params.push(key)} AS timestamptz), CAST($${params.push(id)} AS uuid))`;
    }
    const rows = await this.dataSource.query<ConversationRow[]>(
      `SELECT * FROM (${this.conversationsSql('')}) c WHERE true ${after}
       ORDER BY c."activityAt" DESC, c.id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const items = await this.toConversations(shown);
    const last = shown[shown.length - 1];
    return {
      items,
      nextCursor: more && last ? encodeCursor([last.activityKey, last.id]) : null,
    };
  }

  /** One of the member's conversations, or `null`. */
  async findOne(memberId: string, conversationId: string): Promise<ConversationDto | null> {
    const rows = await this.dataSource.query<ConversationRow[]>(
      this.conversationsSql('AND r.id = $2'),
      [memberId, conversationId],
    );
    const [conversation] = await this.toConversations(rows);
    return conversation ?? null;
  }

  async history(
    memberId: string,
    conversationId: string,
    window: HistoryWindow,
  ): Promise<HistoryItem[]> {
    await this.memberIdsOf(conversationId, memberId);
    return (await this.messages.history(conversationId, window)).items;
  }

  /** Reads up to `seq`; reading to the end marks the conversation's notification read. */
  async markRead(memberId: string, conversationId: string, seq: number): Promise<number> {
    await this.memberIdsOf(conversationId, memberId);
    return this.read(memberId, conversationId, seq);
  }

  /**
   * Moves a read position in a room or conversation the caller has checked access to; a
   * conversation read to its end has its notification read too (`direct`).
   */
  async read(memberId: string, roomId: string, seq: number, direct = true): Promise<number> {
    const position = await this.readPositions.markRead(memberId, roomId, seq);
    if (!position) throw new NotFoundError('Conversation');
    this.events.emit('room.read', { memberId, roomId, lastReadSeq: position.lastReadSeq });
    if (direct && position.caughtUp) {
      await this.events.emitAndWait('conversation.caught_up', {
        memberId,
        conversationId: roomId,
      });
    }
    return position.lastReadSeq;
  }

  /** Leaves: the conversation disappears from the member's list; the others keep it. */
  async leave(memberId: string, conversationId: string): Promise<void> {
    await this.memberIdsOf(conversationId, memberId);
    await this.dataSource.transaction(async (em) => {
      await em.query('DELETE FROM conversation_members WHERE room_id = $1 AND member_id = $2', [
        conversationId,
        memberId,
      ]);
      await em.query('DELETE FROM room_read_positions WHERE room_id = $1 AND member_id = $2', [
        conversationId,
        memberId,
      ]);
    });
    this.events.emit('conversation.left', { memberId, conversationId });
    await this.events.emitAndWait('conversation.caught_up', { memberId, conversationId });
  }

  async mute(memberId: string, conversationId: string, muted: boolean): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      'UPDATE conversation_members SET muted = $3 WHERE room_id = $1 AND member_id = $2',
      [conversationId, memberId, muted],
    );
    if (!affected) throw new NotFoundError('Conversation');
    return muted;
  }

  /** The conversation's members, when `memberId` is one of them; else 404. */
  async memberIdsOf(conversationId: string, memberId: string): Promise<string[]> {
    const ids = await this.rooms.conversationMemberIds(conversationId);
    if (!ids.includes(memberId)) throw new NotFoundError('Conversation');
    return ids;
  }

  /**
   * A block between the author and any other member stops them writing: `BLOCKED` when the
   * author blocked someone, `DM_NOT_ALLOWED` (naming no block) when someone blocked them.
   */
  private async refuseBlocked(authorId: string, otherIds: string[]): Promise<void> {
    const relations = await this.blocks.relations(authorId, otherIds);
    if (relations.blockedByMember.size > 0) throw new BlockedError();
    if (relations.blockingMember.size > 0) throw new DmNotAllowedError();
  }

  private async accepts(recipient: MemberRecord, authorId: string): Promise<boolean> {
    switch (recipient.dmFrom) {
      case 'nobody':
        return false;
      case 'following': {
        // "following": members the recipient follows.
        const facts = await this.relations?.followFacts(recipient.id, [authorId]);
        return facts?.get(authorId)?.followedByMe ?? false;
      }
      case 'everyone':
        return true;
    }
  }

  private async startIn(
    em: EntityManager,
    author: AuthMember,
    memberIds: string[],
    key: string,
    body: string,
  ): Promise<{ roomId: string; created: boolean; message: MessageDto }> {
    // One start at a time per author, in every process: the daily count cannot be overrun.
    // NO KEY UPDATE: it does not block the foreign-key checks of another member's start that
    // adds this author to a conversation (FOR UPDATE would, and two members starting the same
    // set at once would deadlock).
    await em.query('SELECT id FROM members WHERE id = $1 FOR NO KEY UPDATE', [author.id]);
    const [existing] = await em.query<{ id: string; lastSeq: number }[]>(
      'SELECT id, last_seq AS "lastSeq" FROM rooms WHERE member_key = $1',
      [key],
    );
    let roomId: string;
    if (existing) {
      roomId = existing.id;
      const back = await em.query<{ id: string }[]>(
        `INSERT INTO conversation_members (room_id, member_id)
         SELECT $1, id FROM unnest($2::uuid[]) AS id
         ON CONFLICT DO NOTHING RETURNING member_id AS id`,
        [roomId, memberIds],
      );
      await this.readPositions.startAt(
        em,
        roomId,
        back.map((row) => row.id),
        existing.lastSeq,
      );
    } else {
      await this.refuseOverDailyLimit(em, author.id);
      roomId = randomUUID();
      await em.query(
        `INSERT INTO rooms (id, slug, name, kind, member_key, created_by)
         VALUES ($1, $2, '', 'direct', $3, $4)`,
        [roomId, `dm-${roomId}`, key, author.id],
      );
      await em.query(
        `INSERT INTO conversation_members (room_id, member_id)
         SELECT $1, id FROM unnest($2::uuid[]) AS id`,
        [roomId, memberIds],
      );
      await this.readPositions.startAt(em, roomId, memberIds, 0);
    }
    const { message } = await this.messages.store(em, author, roomId, randomUUID(), body, {
      conversationMemberIds: memberIds,
    });
    return { roomId, created: !existing, message };
  }

  private async refuseOverDailyLimit(em: EntityManager, authorId: string): Promise<void> {
    const [row] = await em.query<{ count: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM rooms
       WHERE kind = 'direct' AND created_by = $1 AND created_at > now() - interval '24 hours'`,
      [authorId],
    );
    if (row.count >= this.dailyLimit) {
      const freeAt = (row.oldest?.getTime() ?? Date.now()) + DAY_MS;
      throw new RateLimitedError(Math.max(1, Math.ceil((freeAt - Date.now()) / 1000)));
    }
  }

  /** Tells the other members who have not muted it (one notification per conversation). */
  private async notify(conversationId: string, message: MessageDto): Promise<void> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT member_id AS id FROM conversation_members
       WHERE room_id = $1 AND member_id <> $2 AND NOT muted`,
      [conversationId, message.author.id],
    );
    if (rows.length === 0) return;
    await this.events.emitAndWait('conversation.message.created', {
      conversationId,
      messageId: message.id,
      seq: message.seq,
      authorId: message.author.id,
      recipientIds: rows.map((row) => row.id),
    });
  }

  /** The member's conversations (`$1`), with their last message and unread count. */
  private conversationsSql(where: string): string {
    return `
      SELECT r.id, cm.muted, p.last_read_seq AS "lastReadSeq",
             ${UNREAD_COUNT_SQL} AS "unreadCount",
             COALESCE(lm.created_at, r.created_at) AS "activityAt",
             to_char(COALESCE(lm.created_at, r.created_at) AT TIME ZONE 'UTC',
                     'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "activityKey",
             lm.id AS "lmId", lm.seq AS "lmSeq", lm.author_id AS "lmAuthorId",
             la.display_name AS "lmAuthorName", lm.client_msg_id AS "lmClientMsgId",
             lm.body AS "lmBody", lm.deleted_at AS "lmDeletedAt", lm.created_at AS "lmCreatedAt"
      FROM conversation_members cm
      JOIN rooms r ON r.id = cm.room_id
      JOIN room_read_positions p ON p.room_id = r.id AND p.member_id = cm.member_id
      LEFT JOIN messages lm ON lm.room_id = r.id AND lm.seq = r.last_seq
      LEFT JOIN members la ON la.id = lm.author_id
      WHERE cm.member_id = $1 ${where}`;
  }

  /** Rows to answers, with every conversation's members in one more query. */
  private async toConversations(rows: ConversationRow[]): Promise<ConversationDto[]> {
    if (rows.length === 0) return [];
    const memberRows = await this.dataSource.query<
      { roomId: string; id: string; displayName: string }[]
    >(
      `SELECT cm.room_id AS "roomId", m.id, m.display_name AS "displayName"
       FROM conversation_members cm JOIN members m ON m.id = cm.member_id
       WHERE cm.room_id = ANY($1::uuid[])
       ORDER BY cm.joined_at, m.id`,
      [rows.map((row) => row.id)],
    );
    const membersOf = new Map<string, ConversationMemberDto[]>();
    for (const member of memberRows) {
      const list = membersOf.get(member.roomId) ?? [];
      list.push({ id: member.id, displayName: member.displayName });
      membersOf.set(member.roomId, list);
    }
    return rows.map((row) => ({
      id: row.id,
      members: membersOf.get(row.id) ?? [],
      lastMessage: row.lmId ? toHistoryItem(lastMessageRow(row)) : null,
      unreadCount: row.unreadCount,
      lastReadSeq: row.lastReadSeq,
      muted: row.muted,
    }));
  }
}

function lastMessageRow(row: ConversationRow): MessageRow {
  return {
    id: row.lmId ?? '',
    roomId: row.id,
    seq: row.lmSeq ?? 0,
    authorId: row.lmAuthorId ?? '',
    authorName: row.lmAuthorName ?? '',
    clientMsgId: row.lmClientMsgId ?? '',
    body: row.lmBody ?? '',
    deletedAt: row.lmDeletedAt,
    createdAt: row.lmCreatedAt ?? new Date(0),
    direct: true,
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { TtlCache } from '../../common/cache/ttl-cache';
import { NotFoundError } from '../../common/errors/domain-error';
import { AuditLogService } from '../audit/audit-log.service';
import { seesGoldenCrown, type Role, type Tier } from '../members/member.types';
import { toRoomDto, type CreateRoomDto, type RoomDto, type RoomListItemDto } from './dto/room.dto';
import { RoomSlugTakenError } from './discussion.errors';
import { UNREAD_COUNT_SQL } from './read-positions.service';
import { Room } from './room.entity';

const CACHE_TTL_MS = 60_000;

/**
 * Who may join a room by their rights: anyone for `open`; Golden Crown members, moderators,
 * admins for `golden_crown`; nobody for a `direct` conversation, which only its members join
 * (`isConversationMember`).
 */
export function mayJoin(member: { role: Role; tier: Tier }, room: Pick<Room, 'kind'>): boolean {
  if (room.kind === 'direct') return false;
  return room.kind === 'open' || seesGoldenCrown(member);
}

@Injectable()
export class RoomsService {
  /** Rooms are read on every socket event; they are never renamed or deleted. */
  private readonly cache = new TtlCache<string, Room>(CACHE_TTL_MS, 1_000);

  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  async find(id: string): Promise<Room | null> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const room = await this.rooms.findOneBy({ id });
    if (room) this.cache.set(id, room);
    return room;
  }

  /** The room, when the member may join it; else 404, the same as a room that does not exist. */
  async findJoinable(member: AuthMember, id: string): Promise<Room> {
    const room = await this.find(id);
    if (!room || !mayJoin(member, room)) throw new NotFoundError('Room');
    return room;
  }

  /**
   * The room, when the member may read it: a room they may join, or a direct conversation
   * they are a member of. Else 404, the same as a room that does not exist.
   */
  async findReadable(member: AuthMember, id: string): Promise<Room> {
    const room = await this.find(id);
    if (!room) throw new NotFoundError('Room');
    if (
      room.kind === 'direct'
        ? !(await this.isConversationMember(id, member.id))
        : !mayJoin(member, room)
    ) {
      throw new NotFoundError('Room');
    }
    return room;
  }

  /** Whether the member is (still) in the direct conversation. */
  async isConversationMember(roomId: string, memberId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM conversation_members WHERE room_id = $1 AND member_id = $2',
      [roomId, memberId],
    );
    return rows.length > 0;
  }

  /** The ids of a direct conversation's members. */
  async conversationMemberIds(roomId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      'SELECT member_id AS id FROM conversation_members WHERE room_id = $1',
      [roomId],
    );
    return rows.map((row) => row.id);
  }

  /** The rooms the member may join (never direct conversations), with their read positions. */
  async list(member: AuthMember): Promise<RoomListItemDto[]> {
    const kinds = seesGoldenCrown(member) ? ['open', 'golden_crown'] : ['open'];
    const rows = await this.dataSource.query<
      (Room & { unreadCount: number | null; lastReadSeq: number | null })[]
    >(
      `SELECT r.id, r.slug, r.name, r.kind, r.description, p.last_read_seq AS "lastReadSeq",
              CASE WHEN p.member_id IS NULL THEN 0 ELSE ${UNREAD_COUNT_SQL} END AS "unreadCount"
       FROM rooms r
       LEFT JOIN room_read_positions p ON p.room_id = r.id AND p.member_id = $1
       WHERE r.kind::text = ANY($2::text[])
       ORDER BY r.created_at ASC, r.slug ASC`,
      [member.id, kinds],
    );
    return rows.map((row) => ({
      ...toRoomDto(row),
      unreadCount: row.unreadCount ?? 0,
      lastReadSeq: row.lastReadSeq,
    }));
  }

  async create(actor: AuthMember, dto: CreateRoomDto): Promise<RoomDto> {
    try {
      const room = await this.dataSource.transaction(async (em) => {
        const room = await em.save(
          em.create(Room, {
            slug: dto.slug,
            name: dto.name,
            kind: dto.kind,
            description: dto.description ?? '',
            createdBy: actor.id,
          }),
        );
        await this.audit.record(em, {
          actorId: actor.id,
          action: 'room.created',
          targetType: 'room',
          targetId: room.id,
          detail: { slug: room.slug, kind: room.kind },
        });
        return room;
      });
      return toRoomDto(room);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new RoomSlugTakenError();
      }
      throw error;
    }
  }
}

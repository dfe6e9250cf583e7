import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { isUniqueViolation } from '../../common/errors/database-errors';
import { TtlCache } from '../../common/cache/ttl-cache';
import { NotFoundError } from '../../common/errors/domain-error';
import { AuditLogService } from '../audit/audit-log.service';
import { seesGoldenCrown, type Role, type Tier } from '../members/member.types';
import { toRoomDto, type CreateRoomDto, type RoomDto } from './dto/room.dto';
import { RoomSlugTakenError } from './discussion.errors';
import { Room } from './room.entity';

const CACHE_TTL_MS = 60_000;

/** Who may join a room: anyone for `open`; Golden Crown members, moderators, admins otherwise. */
export function mayJoin(member: { role: Role; tier: Tier }, room: Pick<Room, 'kind'>): boolean {
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

  async list(member: AuthMember): Promise<RoomDto[]> {
    const query = this.rooms.createQueryBuilder('room').orderBy('room.created_at', 'ASC');
    if (!seesGoldenCrown(member)) query.where('room.kind = :kind', { kind: 'open' });
    const rooms = await query.addOrderBy('room.slug', 'ASC').getMany();
    return rooms.map(toRoomDto);
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

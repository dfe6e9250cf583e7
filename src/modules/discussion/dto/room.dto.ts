import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { TrimmedText } from '../../../common/validation/decorators';
import {
  PUBLIC_ROOM_KINDS,
  ROOM_KINDS,
  type PublicRoomKind,
  type Room,
  type RoomKind,
} from '../room.entity';

export class CreateRoomDto {
  @ApiProperty({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 50 })
  @IsString()
  @Matches(/^(?=.{2,50}$)[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: 'slug must be 2-50 lower-case letters, digits and single hyphens',
    context: { zh: '须为 2–50 个小写字母或数字，可用单个连字符分隔' },
  })
  slug!: string;

  @ApiProperty({ minLength: 1, maxLength: 50 })
  @TrimmedText(1, 50)
  name!: string;

  @ApiProperty({ enum: PUBLIC_ROOM_KINDS })
  @IsIn(PUBLIC_ROOM_KINDS)
  kind!: PublicRoomKind;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @TrimmedText(0, 500)
  description?: string;
}

export class RoomDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROOM_KINDS }) kind!: RoomKind;
  @ApiProperty() description!: string;
}

/** A room as `GET /api/rooms` lists it: with the caller's read position in it. */
export class RoomListItemDto extends RoomDto {
  @ApiProperty({
    description:
      'Messages after the read position, by others, not deleted (0 before the first join)',
  })
  unreadCount!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The read position; `null` until the caller first joins the room',
  })
  lastReadSeq!: number | null;
}

export class RoomListDto {
  @ApiProperty({ type: [RoomListItemDto] }) items!: RoomListItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always `null`: a short list' })
  nextCursor!: null;
}

export function toRoomDto(room: Room): RoomDto {
  return {
    id: room.id,
    slug: room.slug,
    name: room.name,
    kind: room.kind,
    description: room.description,
  };
}

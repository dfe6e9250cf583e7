import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsOptional,
  IsUUID,
  ValidateIf,
} from 'class-validator';
import { PageQuery, QueryBoolean } from '../../../common/validation/decorators';
import { DELETED_MEMBER_NAME } from '../../members/dto/member.dto';
import { NOTIFICATION_TYPES, type NotificationType } from '../notification.entity';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '`true`: only unread ones' })
  @QueryBoolean()
  unread?: boolean;
}

/** `{ids}` or `{all: true}`: exactly one of them. */
export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100 })
  @ValidateIf((dto: MarkReadDto) => dto.all === undefined || dto.ids !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ enum: [true] })
  @IsOptional()
  @Equals(true, { message: 'all must be true when given' })
  all?: true;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @ApiProperty({
    type: Object,
    additionalProperties: true,
    description:
      '`actorId` (who did it; `null` for the system) and `actorName` (their current display ' +
      'name, "deleted member" once erased), plus what the client links and describes ' +
      '(`postId`, `postTitle`, `commentId`, …)',
  })
  data!: Record<string, unknown> & { actorId: string | null; actorName: string | null };
  @ApiProperty({ type: String, nullable: true }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** A stored notification with its actor as they are now (see `selectNotifications`). */
export interface NotificationRow {
  id: string;
  type: NotificationType;
  data: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
  actor_display_name: string | null;
  actor_erased_at: Date | null;
}

/** The actor's current name: "deleted member" once erased (or gone); `null` for the system. */
function actorNameOf(actorId: string | null, row: NotificationRow): string | null {
  if (actorId === null) return null;
  if (row.actor_display_name === null || row.actor_erased_at !== null) return DELETED_MEMBER_NAME;
  return row.actor_display_name;
}

export function toNotificationResponse(row: NotificationRow): NotificationDto {
  const actorId = typeof row.data.actorId === 'string' ? row.data.actorId : null;
  return {
    id: row.id,
    type: row.type,
    data: { ...row.data, actorId, actorName: actorNameOf(actorId, row) },
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

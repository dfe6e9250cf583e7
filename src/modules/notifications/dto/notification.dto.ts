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
import {
  NOTIFICATION_TYPES,
  type Notification,
  type NotificationType,
} from '../notification.entity';

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
  @ApiProperty({ type: Object }) data!: Record<string, unknown>;
  @ApiProperty({ nullable: true }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export function toNotificationResponse(notification: Notification): NotificationDto {
  return {
    id: notification.id,
    type: notification.type,
    data: notification.data,
    readAt: notification.readAt?.toISOString() ?? null,
    createdAt: notification.createdAt.toISOString(),
  };
}

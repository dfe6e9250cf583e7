import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Message } from '../message.entity';
import { avatarUrlOf } from '../../uploads/upload-url';

export const DEFAULT_HISTORY_SIZE = 50;
export const MAX_HISTORY_SIZE = 100;
/** `seq` is an `int4`: a bound past this would fail in the database instead of answering 400. */
export const MAX_SEQ = 2_147_483_647;

export class MessageAuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: String, nullable: true, description: '`null` without an avatar' })
  avatarUrl!: string | null;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ description: 'Gapless per room, from 1' }) seq!: number;
  @ApiProperty() clientMsgId!: string;
  @ApiProperty({ minLength: 1, maxLength: 4000 }) body!: string;
  @ApiProperty({ type: MessageAuthorDto }) author!: MessageAuthorDto;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'In a direct conversation: its id (the same as `roomId`)',
  })
  conversationId?: string;
}

/** What history shows for a deleted message: its place in the `seq` order, nothing more. */
export class MessageTombstoneDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: [true] }) deleted!: true;
  @ApiPropertyOptional({ format: 'uuid', description: 'In a direct conversation: its id' })
  conversationId?: string;
}

export type HistoryItem = MessageDto | MessageTombstoneDto;

export class MessageHistoryDto {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [{ $ref: getSchemaPath(MessageDto) }, { $ref: getSchemaPath(MessageTombstoneDto) }],
    },
  })
  items!: HistoryItem[];

  @ApiProperty({ type: String, nullable: true, description: 'Always `null`: page by `seq`' })
  nextCursor!: null;
}

export class MessageHistoryQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_SEQ,
    description: 'The first `limit` messages after this seq',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_SEQ,
    description: 'The last `limit` messages before this seq',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  beforeSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_HISTORY_SIZE, default: DEFAULT_HISTORY_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_HISTORY_SIZE)
  limit: number = DEFAULT_HISTORY_SIZE;
}

/** A stored message with its author's display name (joined in the same query). */
export type MessageRow = Pick<
  Message,
  'id' | 'roomId' | 'seq' | 'authorId' | 'clientMsgId' | 'body' | 'deletedAt' | 'createdAt'
> & {
  authorName: string;
  /** The author's avatar upload, when the query read it. */
  authorAvatarUploadId?: string | null;
  /** The message is in a direct conversation (it then carries `conversationId`). */
  direct?: boolean;
};

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    roomId: row.roomId,
    seq: row.seq,
    clientMsgId: row.clientMsgId,
    body: row.body,
    author: {
      id: row.authorId,
      displayName: row.authorName,
      avatarUrl: avatarUrlOf(row.authorAvatarUploadId),
    },
    createdAt: row.createdAt.toISOString(),
    ...(row.direct ? { conversationId: row.roomId } : {}),
  };
}

export function toHistoryItem(row: MessageRow): HistoryItem {
  return row.deletedAt
    ? {
        id: row.id,
        roomId: row.roomId,
        seq: row.seq,
        deleted: true,
        ...(row.direct ? { conversationId: row.roomId } : {}),
      }
    : toMessageDto(row);
}

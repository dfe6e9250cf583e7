import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { TrimmedText } from '../../../common/validation/decorators';
import { MAX_SEQ, MessageDto, MessageTombstoneDto, type HistoryItem } from './message.dto';

/** A direct conversation has 2–10 members: the caller and 1–9 others. */
export const MAX_OTHER_MEMBERS = 9;
/** What `memberIds` may list before the caller's own id and repeats are dropped. */
const MAX_LISTED_IDS = 20;

export class StartConversationDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_LISTED_IDS,
    description:
      'The other members, 1–9 once the caller’s own id and repeats are left out (they are ignored)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTED_IDS)
  @IsUUID('all', { each: true })
  memberIds!: string[];

  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @TrimmedText(1, 4000)
  body!: string;
}

export class SendDirectMessageDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    description: 'The sender’s id: a retry is stored once',
  })
  @IsString()
  @Length(1, 64)
  clientMsgId!: string;

  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @TrimmedText(1, 4000)
  body!: string;
}

export class MarkConversationReadDto {
  @ApiProperty({ minimum: 0, maximum: MAX_SEQ, description: 'Read up to this seq' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

export class MuteConversationDto {
  @ApiProperty()
  @IsBoolean()
  muted!: boolean;
}

export class MuteStateDto {
  @ApiProperty() muted!: boolean;
}

export class ConversationMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid', description: 'Also its `roomId` on the socket' }) id!: string;

  @ApiProperty({
    type: [ConversationMemberDto],
    description: 'Its members now, the caller included',
  })
  members!: ConversationMemberDto[];

  @ApiProperty({
    nullable: true,
    oneOf: [{ $ref: getSchemaPath(MessageDto) }, { $ref: getSchemaPath(MessageTombstoneDto) }],
  })
  lastMessage!: HistoryItem | null;

  @ApiProperty({ description: 'Messages by others after the caller’s read position' })
  unreadCount!: number;

  @ApiProperty({ description: 'The caller’s read position' }) lastReadSeq!: number;
  @ApiProperty() muted!: boolean;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

import { IsInt, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { TrimmedText } from '../../../common/validation/decorators';
import { MAX_SEQ } from './message.dto';

/** The payloads clients send over the socket, validated in the gateway. */

export class RoomRefPayload {
  @IsUUID('all')
  roomId!: string;
}

/** `post:watch` and `post:unwatch`. */
export class PostRefPayload {
  @IsUUID('all')
  postId!: string;
}

export class JoinRoomPayload extends RoomRefPayload {
  /** Left out for the latest messages; `null` is refused like any other non-integer. */
  @ValidateIf((_payload, value) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq?: number;
}

export class SendMessagePayload extends RoomRefPayload {
  @IsString()
  @Length(1, 64)
  clientMsgId!: string;

  @TrimmedText(1, 4000)
  body!: string;
}

/** `room:read`: read up to `seq` in a room or conversation. */
export class ReadRoomPayload extends RoomRefPayload {
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

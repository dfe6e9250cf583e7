import { IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TrimmedText } from '../../../common/validation/decorators';

/** The payloads clients send over the socket, validated in the gateway. */

export class RoomRefPayload {
  @IsUUID('all')
  roomId!: string;
}

export class JoinRoomPayload extends RoomRefPayload {
  @IsOptional()
  @IsInt()
  @Min(0)
  afterSeq?: number;
}

export class SendMessagePayload extends RoomRefPayload {
  @IsString()
  @Length(1, 64)
  clientMsgId!: string;

  @TrimmedText(1, 4000)
  body!: string;
}

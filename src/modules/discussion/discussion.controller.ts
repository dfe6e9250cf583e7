import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember, Roles } from '../../common/auth/decorators';
import { IdParam } from '../../common/validation/decorators';
import {
  MessageDto,
  MessageHistoryDto,
  MessageHistoryQuery,
  MessageTombstoneDto,
} from './dto/message.dto';
import { CreateRoomDto, RoomDto, RoomListDto } from './dto/room.dto';
import { MessagesService } from './messages.service';
import { RoomsService } from './rooms.service';

@ApiTags('discussion')
@ApiBearerAuth()
@ApiExtraModels(MessageDto, MessageTombstoneDto)
@Controller()
export class DiscussionController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
  ) {}

  @Get('rooms')
  @ApiOkResponse({ type: RoomListDto, description: 'The rooms the caller may join' })
  async listRooms(@CurrentMember() member: AuthMember): Promise<RoomListDto> {
    return { items: await this.rooms.list(member), nextCursor: null };
  }

  @Roles('moderator')
  @Post('rooms')
  @ApiCreatedResponse({ type: RoomDto })
  @ApiConflictResponse({ description: '`409 CONFLICT`: the slug is taken' })
  @ApiForbiddenResponse({ description: 'Moderators and admins only' })
  createRoom(@CurrentMember() member: AuthMember, @Body() dto: CreateRoomDto): Promise<RoomDto> {
    return this.rooms.create(member, dto);
  }

  @Get('rooms/:id/messages')
  @ApiOkResponse({
    type: MessageHistoryDto,
    description: 'Ascending `seq`; deleted ones as tombstones',
  })
  @ApiNotFoundResponse({ description: 'No such room, or one the caller may not join' })
  async history(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Query() query: MessageHistoryQuery,
  ): Promise<MessageHistoryDto> {
    const room = await this.rooms.findJoinable(member, id);
    const { items } = await this.messages.history(room.id, query);
    return { items, nextCursor: null };
  }

  @Delete('messages/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'The room gets `message:deleted`; history keeps a tombstone',
  })
  @ApiForbiddenResponse({ description: 'Neither its author nor a moderator' })
  @ApiNotFoundResponse()
  deleteMessage(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<void> {
    return this.messages.delete(member, id);
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  AllowWhileSuspended,
  CurrentMember,
  RequiresVerifiedEmail,
} from '../../common/auth/decorators';
import { RateLimitedError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/page';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam, PageQuery } from '../../common/validation/decorators';
import { ChatLimits } from './chat-limits.service';
import { ConversationsService } from './conversations.service';
import {
  ConversationDto,
  ConversationPageDto,
  MarkConversationReadDto,
  MuteConversationDto,
  MuteStateDto,
  SendDirectMessageDto,
  StartConversationDto,
} from './dto/conversation.dto';
import { MessageDto, MessageHistoryDto, MessageHistoryQuery } from './dto/message.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly limits: ChatLimits,
  ) {}

  @Get()
  @ApiOkResponse({
    type: ConversationPageDto,
    description: 'Own conversations, latest activity first',
  })
  list(
    @CurrentMember() member: AuthMember,
    @Query() query: PageQuery,
  ): Promise<Page<ConversationDto>> {
    return this.conversations.list(member.id, query);
  }

  @RequiresVerifiedEmail()
  @RateLimit('write')
  @Post()
  @ApiCreatedResponse({ type: ConversationDto, description: 'A new conversation' })
  @ApiOkResponse({
    type: ConversationDto,
    description: 'The existing conversation of the same members, with the message added',
  })
  @ApiForbiddenResponse({ description: '`BLOCKED`, `DM_NOT_ALLOWED`, `EMAIL_NOT_VERIFIED`' })
  @ApiTooManyRequestsResponse({ description: 'Past `DM_NEW_CONVERSATIONS_PER_DAY`' })
  async start(
    @CurrentMember() member: AuthMember,
    @Body() dto: StartConversationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConversationDto> {
    await this.takeMessage(member);
    const { conversation, created } = await this.conversations.start(member, dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  @Get(':id/messages')
  @ApiOkResponse({ type: MessageHistoryDto, description: 'Ascending `seq`, as room history' })
  @ApiNotFoundResponse({ description: 'No such conversation, or not the caller’s' })
  async history(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Query() query: MessageHistoryQuery,
  ): Promise<MessageHistoryDto> {
    return { items: await this.conversations.history(member.id, id, query), nextCursor: null };
  }

  @RateLimit('write')
  @Post(':id/messages')
  @ApiCreatedResponse({ type: MessageDto })
  @ApiOkResponse({ type: MessageDto, description: 'A retry of a stored `clientMsgId`' })
  @ApiForbiddenResponse({ description: '`BLOCKED` or `DM_NOT_ALLOWED`' })
  @ApiNotFoundResponse()
  async send(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: SendDirectMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto> {
    await this.takeMessage(member);
    const { message, created } = await this.conversations.send(
      member,
      id,
      dto.clientMsgId,
      dto.body,
    );
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  @AllowWhileSuspended()
  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Read up to `seq` (never backwards)' })
  @ApiNotFoundResponse()
  async read(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: MarkConversationReadDto,
  ): Promise<void> {
    await this.conversations.markRead(member.id, id, dto.seq);
  }

  @AllowWhileSuspended()
  @Post(':id/leave')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The others keep the conversation' })
  @ApiNotFoundResponse()
  leave(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<void> {
    return this.conversations.leave(member.id, id);
  }

  @AllowWhileSuspended()
  @Put(':id/mute')
  @ApiOkResponse({ type: MuteStateDto, description: 'Muted: no `direct_message` notifications' })
  @ApiNotFoundResponse()
  async mute(
    @CurrentMember() member: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: MuteConversationDto,
  ): Promise<MuteStateDto> {
    return { muted: await this.conversations.mute(member.id, id, dto.muted) };
  }

  /** Direct messages over HTTP share the chat flood control of the socket. */
  private async takeMessage(member: AuthMember): Promise<void> {
    if (!(await this.limits.messages.take(member.id))) throw new RateLimitedError(1);
  }
}

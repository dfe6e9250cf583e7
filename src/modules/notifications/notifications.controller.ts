import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
import type { Page } from '../../common/pagination/page';
import {
  ListNotificationsQuery,
  MarkReadDto,
  NotificationPageDto,
  type NotificationDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto, description: 'Own notifications, newest first' })
  list(
    @CurrentMember() member: AuthMember,
    @Query() query: ListNotificationsQuery,
  ): Promise<Page<NotificationDto>> {
    return this.notifications.list(member.id, query);
  }

  @AllowWhileSuspended()
  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  markRead(@CurrentMember() member: AuthMember, @Body() dto: MarkReadDto): Promise<void> {
    return this.notifications.markRead(member.id, dto);
  }
}

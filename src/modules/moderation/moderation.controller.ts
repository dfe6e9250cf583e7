import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { CurrentMember, Roles } from '../../common/auth/decorators';
import type { Page } from '../../common/pagination/page';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdParam, PageQuery } from '../../common/validation/decorators';
import { ModeratedMemberDto } from '../members/dto/member.dto';
import { MembersService } from '../members/members.service';
import { SuspensionService } from '../members/suspension.service';
import { AuditLogQuery } from './audit-log.query';
import {
  AuditLogEntryDto,
  AuditLogPageDto,
  CreateReportDto,
  ListReportsQuery,
  ModeratedMemberPageDto,
  ReportDto,
  ReportPageDto,
  ReportQueueItemDto,
  ResolveReportDto,
  SearchMembersQuery,
  SuspendDto,
} from './dto/moderation.dto';
import { ReportsService } from './reports.service';

@ApiTags('moderation')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @RateLimit('write')
  @Post()
  @ApiCreatedResponse({ type: ReportDto })
  @ApiConflictResponse({ description: '`409 REPORT_ALREADY_OPEN`' })
  create(@CurrentMember() member: AuthMember, @Body() dto: CreateReportDto): Promise<ReportDto> {
    return this.reports.create(member, dto);
  }
}

@ApiTags('moderation')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '`403 FORBIDDEN` for anyone below moderator' })
@Roles('moderator')
@Controller('moderation')
export class ModerationController {
  constructor(
    private readonly reports: ReportsService,
    private readonly members: MembersService,
    private readonly suspensions: SuspensionService,
    private readonly auditLog: AuditLogQuery,
  ) {}

  @Get('reports')
  @ApiOkResponse({
    type: ReportPageDto,
    description: 'Reports, oldest first, with the reported content, its author and the reporter',
  })
  listReports(@Query() query: ListReportsQuery): Promise<Page<ReportQueueItemDto>> {
    return this.reports.list(query);
  }

  @Post('reports/:id/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportDto })
  resolve(
    @CurrentMember() moderator: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: ResolveReportDto,
  ): Promise<ReportDto> {
    return this.reports.resolve(moderator, id, dto);
  }

  @Get('members')
  @ApiOkResponse({ type: ModeratedMemberPageDto, description: 'Members by name or email' })
  searchMembers(@Query() query: SearchMembersQuery): Promise<Page<ModeratedMemberDto>> {
    return this.members.search(query.q, query.limit, query.cursor);
  }

  @Post('members/:id/suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ModeratedMemberDto })
  suspend(
    @CurrentMember() moderator: AuthMember,
    @Param() { id }: IdParam,
    @Body() dto: SuspendDto,
  ): Promise<ModeratedMemberDto> {
    return this.suspensions.suspend(moderator, id, dto.until, dto.reason);
  }

  @Post('members/:id/unsuspend')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ModeratedMemberDto })
  unsuspend(
    @CurrentMember() moderator: AuthMember,
    @Param() { id }: IdParam,
  ): Promise<ModeratedMemberDto> {
    return this.suspensions.unsuspend(moderator, id);
  }

  @Get('audit-log')
  @ApiOkResponse({
    type: AuditLogPageDto,
    description: 'Every moderator and admin action, newest first',
  })
  auditLogEntries(@Query() query: PageQuery): Promise<Page<AuditLogEntryDto>> {
    return this.auditLog.list(query);
  }
}

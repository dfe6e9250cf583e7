import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { DashboardStatsService } from './dashboard-stats.service';
import { StatsDto, StatsQuery } from './dto/stats.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '`403 FORBIDDEN` for anyone below moderator' })
@Roles('moderator')
@Controller('admin')
export class DashboardController {
  constructor(private readonly stats: DashboardStatsService) {}

  @Get('stats')
  @ApiOkResponse({
    type: StatsDto,
    description:
      'The community and the Golden Crown funnel per UTC day or ISO week; figures at most 10 s old. `400 VALIDATION_FAILED` for a bad day, a backwards or too long range.',
  })
  get(@Query() query: StatsQuery): Promise<StatsDto> {
    return this.stats.stats(query);
  }
}

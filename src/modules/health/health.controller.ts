import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../../common/auth/public.decorator';
import { HealthService, type HealthResponse } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ description: '`{status: "ok", database: "up"}`' })
  @ApiServiceUnavailableResponse({ description: '`503 UNAVAILABLE` while the database is down' })
  check(): Promise<HealthResponse> {
    return this.health.check();
  }
}

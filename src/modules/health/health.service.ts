import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { UnavailableError } from '../../common/errors/domain-error';

export interface HealthResponse {
  status: 'ok';
  database: 'up';
}

const PING_TIMEOUT_MS = 3_000;

@Injectable()
export class HealthService {
  constructor(private readonly database: TypeOrmHealthIndicator) {}

  async check(): Promise<HealthResponse> {
    const result = await this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS });
    if (result.database?.status !== 'up') {
      throw new UnavailableError('The database is down');
    }
    return { status: 'ok', database: 'up' };
  }
}

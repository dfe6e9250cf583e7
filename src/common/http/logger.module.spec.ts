import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Controller, Get, Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { ConfigModule } from '../../config/config.module';
import { validateEnvironment } from '../../config/env.schema';
import { AppLogger } from './app-logger';
import { LOG_DESTINATION, LoggerModule } from './logger.module';

interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
  err?: { type?: string; message?: string; stack?: string; sqlstate?: string };
  member?: { email?: string; displayName?: string };
}

const DEBUG = 20;
const INFO = 30;
const ERROR = 50;

/** A route that logs the way a service does, after an await, and with personal data. */
@Controller('probe')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get()
  async probe(): Promise<{ ok: boolean }> {
    await nextTurn();
    this.logger.log('inside the request');
    this.logger.warn({ member: { email: 'li.lei@example.com', displayName: '李雷' } }, 'object');
    return { ok: true };
  }
}

describe(LoggerModule.name, () => {
  let app: INestApplication;
  const lines: LogLine[] = [];
  const sink: DestinationStream = {
    write: (line: string) => void lines.push(JSON.parse(line) as LogLine),
  };
  const byMessage = (msg: string): LogLine | undefined => lines.find((line) => line.msg === msg);

  beforeAll(async () => {
    const config = validateEnvironment({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      JWT_SECRET: randomBytes(32).toString('hex'),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), LoggerModule],
      controllers: [ProbeController],
    })
      .overrideProvider(LOG_DESTINATION)
      .useValue(sink)
      .compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(AppLogger));
    app.setGlobalPrefix('api');
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it('gives every line logged inside a request its id, and logs the request', async () => {
    const res = await request(app.getHttpServer()).get('/api/probe').set('X-Request-Id', 'probe-1');
    expect(res.status).toBe(200);
    expect(byMessage('inside the request')).toMatchObject({
      level: INFO,
      context: 'Probe',
      req: { id: 'probe-1', method: 'GET', url: '/api/probe' },
    });
    expect(byMessage('request completed')).toMatchObject({
      level: INFO,
      req: { id: 'probe-1' },
      res: { statusCode: 200 },
    });
  });

  it('logs a 404 under the prefix at warn with a generated id', async () => {
    const res = await request(app.getHttpServer()).get('/api/nowhere');
    expect(res.status).toBe(404);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(byMessage('request completed')).toMatchObject({ level: 40, req: { id } });
  });

  it('redacts personal data in a logged object', async () => {
    await request(app.getHttpServer()).get('/api/probe');
    expect(byMessage('object')?.member).toEqual({
      email: '[redacted]',
      displayName: '李雷',
    });
  });

  it('logs outside a request without a request id', () => {
    new Logger('Outside').log('no request here');
    const line = byMessage('no request here');
    expect(line).toMatchObject({ level: INFO, context: 'Outside' });
    expect(line?.req).toBeUndefined();
  });

  it("moves Nest's start-up lines to debug", () => {
    new Logger('RoutesResolver').log('ProbeController {/api/probe}');
    expect(byMessage('ProbeController {/api/probe}')).toMatchObject({
      level: DEBUG,
      context: 'RoutesResolver',
    });
  });

  it('turns an error through the `err` serializer, also as message and stack', () => {
    new Logger('Errors').error(new TypeError('broken'));
    new Logger('Errors').error('failed', 'Error: failed\n    at somewhere (file.ts:1:1)');
    const [thrown, handled] = lines.filter((line) => line.level === ERROR);
    expect(thrown).toMatchObject({
      context: 'Errors',
      err: { type: 'TypeError', message: 'broken' },
    });
    expect(handled).toMatchObject({ context: 'Errors', err: { message: 'failed' } });
    expect(handled.err?.stack).toContain('at somewhere');
  });

  it("keeps a failed query's SQLSTATE and none of its values", () => {
    const secret = 'li.lei@example.com';
    const driverError = Object.assign(new Error('duplicate key value'), {
      severity: 'ERROR',
      code: '23505',
      detail: `Key (email)=(${secret}) already exists.`,
    });
    const cause = new QueryFailedError('INSERT INTO "members"', [secret], driverError);
    new Logger('AllExceptionsFilter').error({ err: cause, requestId: 'r1' }, 'Unhandled error');
    const line = byMessage('Unhandled error');
    expect(line?.err).toMatchObject({ type: 'QueryFailedError', sqlstate: '23505' });
    expect(JSON.stringify(line)).not.toContain(secret);
  });
});

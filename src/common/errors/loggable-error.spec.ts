import { Writable } from 'node:stream';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { pinoHttpOptions } from '../http/logger.module';
import { loggableError } from './loggable-error';

const SECRETS = [
  'li.lei@example.com',
  '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  '杭州某某电子商务有限公司',
  '85000000',
];

/** What `pg` raises for a unique violation: the row's values are in `detail`. */
function uniqueViolation(): QueryFailedError {
  const driverError = Object.assign(
    new Error('duplicate key value violates unique constraint "UQ_members_email"'),
    {
      severity: 'ERROR',
      code: '23505',
      table: 'members',
      constraint: 'UQ_members_email',
      detail: `Key (email)=(${SECRETS[0]}) already exists.`,
    },
  );
  return new QueryFailedError(
    'INSERT INTO "members"("email", "password_hash", "company", "turnover") VALUES ($1, $2, $3, $4)',
    SECRETS,
    driverError,
  );
}

/** A bad value the member sent, quoted back in the database's message. */
function invalidInput(): QueryFailedError {
  const driverError = Object.assign(
    new Error(`invalid input syntax for type uuid: "${SECRETS[0]}"`),
    { severity: 'ERROR', code: '22P02' },
  );
  return new QueryFailedError('SELECT * FROM "members" WHERE "id" = $1', [SECRETS[0]], driverError);
}

describe(loggableError.name, () => {
  it.each([
    ['a unique violation', uniqueViolation(), '23505'],
    ['an invalid input', invalidInput(), '22P02'],
  ])(
    'keeps the SQLSTATE and the statement of %s, and none of its values',
    (_what, error, sqlstate) => {
      const logged = JSON.stringify(loggableError(error));
      for (const secret of SECRETS) expect(logged).not.toContain(secret);
      expect(loggableError(error)).toMatchObject({
        type: 'QueryFailedError',
        sqlstate,
      });
      expect(loggableError(error).statement).toMatch(/^(INSERT INTO "members"|SELECT \* FROM)/);
      expect(loggableError(error).stack).toMatch(/\n\s+at /);
    },
  );

  it('keeps an ordinary error as it is, with its stack', () => {
    const error = new TypeError('Cannot read properties of undefined');
    expect(loggableError(error)).toMatchObject({
      type: 'TypeError',
      message: 'Cannot read properties of undefined',
    });
  });

  it('is what every log line of the server uses for `err`', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const options = pinoHttpOptions('info');
    const logger = pino({ serializers: options.serializers, redact: options.redact }, sink);
    logger.error({ err: uniqueViolation(), requestId: 'r1' }, 'Unhandled error');
    logger.error({ err: invalidInput() }, 'A listener of post.commented failed');
    const output = lines.join('');
    expect(output).toContain('23505');
    expect(output).toContain('22P02');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
  });
});

import { ConfigurationError, validateEnvironment } from './env.schema';

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe(validateEnvironment.name, () => {
  it('fills every default the README documents', () => {
    const sut = validateEnvironment({});
    expect(sut).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      ACCESS_TOKEN_TTL: 900,
      RATE_LIMIT_AUTH_PER_MINUTE: 20,
      LOGIN_FAILURES_BEFORE_LOCK: 5,
      RATE_LIMIT_WRITE_PER_MINUTE: 30,
      CHAT_BURST: 10,
      CHAT_PER_SECOND: 3,
      MAX_BODY_BYTES: 262144,
      GOLDEN_CROWN_MIN_TURNOVER_CNY: 70_000_000,
      GOLDEN_CROWN_REAPPLY_AFTER_DAYS: 30,
      TRUST_PROXY: false,
      CORS_ORIGINS: [],
    });
    expect(sut.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers, lists and the proxy setting', () => {
    const sut = validateEnvironment({
      PORT: '8080',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      TRUST_PROXY: '2',
    });
    expect(sut.PORT).toBe(8080);
    expect(sut.CORS_ORIGINS).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(sut.TRUST_PROXY).toBe(2);
    expect(validateEnvironment({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  });

  it('keeps PUBLIC_URL without its trailing slash, and leaves it unset when empty', () => {
    expect(validateEnvironment({ PUBLIC_URL: 'https://circle.example.com/' }).PUBLIC_URL).toBe(
      'https://circle.example.com',
    );
    expect(validateEnvironment({ PUBLIC_URL: 'http://lan:3000/circle' }).PUBLIC_URL).toBe(
      'http://lan:3000/circle',
    );
    expect(validateEnvironment({ PUBLIC_URL: ' ' }).PUBLIC_URL).toBeUndefined();
    expect(validateEnvironment({}).PUBLIC_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS'],
    [{ PUBLIC_URL: 'circle.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://circle.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://circle.example.com/?x=1' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CHAT_BURST: '0' }, 'CHAT_BURST'],
    [{ GOLDEN_CROWN_MIN_TURNOVER_CNY: '7e7' }, 'GOLDEN_CROWN_MIN_TURNOVER_CNY'],
  ])('refuses %j, naming %s', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable);
  });

  it('says what is wrong in words a person can act on', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT must be an integer number (got "abc")']);
  });

  describe('WEB_CONCURRENCY', () => {
    const PG = 'postgres://laogao@db.internal:5432/laogao';
    const REDIS = 'redis://cache.internal:6379';

    it('is one process by default, and several on PostgreSQL and Redis', () => {
      expect(validateEnvironment({}).WEB_CONCURRENCY).toBe(1);
      expect(
        validateEnvironment({ WEB_CONCURRENCY: '4', DATABASE_URL: PG, REDIS_URL: REDIS })
          .WEB_CONCURRENCY,
      ).toBe(4);
    });

    it('refuses several processes on the embedded database', () => {
      expect(problemsOf({ WEB_CONCURRENCY: '2', REDIS_URL: REDIS })).toEqual([
        expect.stringMatching(
          /^WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database serves one process .*\(got 2\)$/,
        ),
      ]);
      // An empty DATABASE_URL is no database either.
      expect(problemsOf({ WEB_CONCURRENCY: '2', DATABASE_URL: ' ', REDIS_URL: REDIS })[0]).toMatch(
        /needs DATABASE_URL/,
      );
    });

    it('refuses several processes without Redis, saying the limits would multiply', () => {
      const [problem, ...others] = problemsOf({ WEB_CONCURRENCY: '3', DATABASE_URL: PG });
      expect(others).toEqual([]);
      expect(problem).toMatch(/^WEB_CONCURRENCY above 1 needs REDIS_URL: /);
      expect(problem).toContain('each limit multiplied by the number of processes');
    });

    it.each(['0', '-1', '1.5', 'two', '65'])('refuses %j', (value) => {
      const problems = problemsOf({ WEB_CONCURRENCY: value, DATABASE_URL: PG, REDIS_URL: REDIS });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^WEB_CONCURRENCY must /);
    });
  });

  it('never repeats a secret in its message', () => {
    const [problem] = problemsOf({ JWT_SECRET: 'tiny-secret' });
    expect(problem).not.toContain('tiny-secret');
  });
});

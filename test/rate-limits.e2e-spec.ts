import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createMember, type TestMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The limits (README, docs/operations.md): which requests count against which limit, and whose counter they use.
 * Behind a trusted proxy, each test speaks from an IP of its own.
 */
describe('Rate limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      TRUST_PROXY: '1',
      RATE_LIMIT_AUTH_PER_MINUTE: '3',
      RATE_LIMIT_REFRESH_PER_MINUTE: '6',
      RATE_LIMIT_SEARCH_PER_MINUTE: '3',
    });
  });
  afterAll(() => t.close());

  let lastOctet = 0;
  const newIp = () => `198.51.100.${++lastOctet}`;

  function expectLimited(res: Response): void {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }

  describe('auth', () => {
    it('keys login on the IP whatever bearer token each request carries', async () => {
      const ip = newIp();
      const members = await Promise.all([1, 2, 3, 4, 5].map(() => createMember(t)));
      const statuses: number[] = [];
      for (const member of members) {
        const res = await t
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', ip)
          .set(member.auth)
          .send({ email: `nobody-${randomUUID()}@example.com`, password: 'whatever-password' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    });

    it('keys register on the IP whatever bearer token each request carries, storing nothing past it', async () => {
      const ip = newIp();
      const marker = `iplimit-${randomUUID().slice(0, 8)}`;
      let last: Response | undefined;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const member = await createMember(t);
        last = await t
          .http()
          .post('/api/auth/register')
          .set('X-Forwarded-For', ip)
          .set(member.auth)
          .send({
            email: `${marker}-${i}@example.com`,
            password: 'a long enough passphrase',
            displayName: `Reg ${i}`,
          });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      expectLimited(last as Response);
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM members WHERE email LIKE $1',
        [`${marker}-%`],
      );
      expect(count).toBe(3);
    });
  });

  describe('refresh', () => {
    async function refresh(ip: string, member: TestMember): Promise<Response> {
      const res = await t
        .http()
        .post('/api/auth/refresh')
        .set('X-Forwarded-For', ip)
        .send({ refreshToken: member.refreshToken });
      if (res.status === 200) member.refreshToken = res.body.refreshToken as string;
      return res;
    }

    it('has its own per-IP limit, above the auth limit, that leaves logins alone', async () => {
      const ip = newIp();
      const member = await createMember(t);
      // Twice the auth limit of 3, all answered: page loads no longer sign a member out.
      for (let i = 0; i < 6; i++) expect((await refresh(ip, member)).status).toBe(200);
      expectLimited(await refresh(ip, member));
      // The same IP, another member: one counter per IP.
      expectLimited(await refresh(ip, await createMember(t)));

      // The refreshes spent nothing of the IP's auth limit.
      await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: member.email, password: member.password })
        .expect(200);
      // And another IP refreshes as before.
      expect((await refresh(newIp(), member)).status).toBe(200);
    });

    it('is not spent by logins', async () => {
      const ip = newIp();
      const member = await createMember(t);
      for (let i = 0; i < 4; i++) {
        await t
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', ip)
          .send({ email: `nobody-${randomUUID()}@example.com`, password: 'whatever-password' });
      }
      expect((await refresh(ip, member)).status).toBe(200);
    });
  });

  describe('search', () => {
    const search = (ip: string, member?: TestMember) => {
      const req = t.http().get('/api/posts').query({ q: '运营 seo' }).set('X-Forwarded-For', ip);
      return member ? req.set(member.auth) : req;
    };
    const feed = (ip: string, member?: TestMember) => {
      const req = t.http().get('/api/posts').set('X-Forwarded-For', ip);
      return member ? req.set(member.auth) : req;
    };

    it('counts a visitor’s searches per IP, and not the feed without q', async () => {
      const ip = newIp();
      for (let i = 0; i < 5; i++) await feed(ip).expect(200);
      for (let i = 0; i < 3; i++) await search(ip).expect(200);
      expectLimited(await search(ip));
      // The feed stays open, and another visitor searches.
      await feed(ip).expect(200);
      await search(newIp()).expect(200);
    });

    it('counts a member’s searches per member, wherever they come from', async () => {
      const member = await createMember(t);
      const other = await createMember(t);
      const ip = newIp();
      for (let i = 0; i < 3; i++) await search(newIp(), member).expect(200);
      expectLimited(await search(ip, member));
      await feed(ip, member).expect(200);
      // Another member on the same IP, and a visitor there, have counters of their own.
      await search(ip, other).expect(200);
      await search(ip).expect(200);
    });
  });
});

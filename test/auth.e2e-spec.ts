import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Logger } from '@nestjs/common';
import { AuthService } from '../src/modules/auth/auth.service';
import { FirstAdmin } from '../src/modules/auth/first-admin';
import { PasswordService } from '../src/modules/auth/password.service';
import { createAdmin, createMember, createModerator, countRows } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const PASSWORD = 'a-long-and-unusual-password';

function registerBody(overrides: Record<string, unknown> = {}) {
  const unique = Math.random().toString(36).slice(2, 10);
  return {
    email: `user-${unique}@example.com`,
    password: PASSWORD,
    displayName: `用户 ${unique}`,
    ...overrides,
  };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('Accounts and authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Generous limits here; the limits themselves are tested in their own app below.
    t = await createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '1000', ACCESS_TOKEN_TTL: '60' });
  });
  afterAll(() => t.close());

  it('register → login → me → refresh → logout; the old refresh token then fails', async () => {
    const body = registerBody({ email: 'Mixed.Case@Example.COM' });
    const registered = await t.http().post('/api/auth/register').send(body).expect(201);
    expect(registered.body).toMatchObject({
      member: {
        email: 'mixed.case@example.com',
        displayName: body.displayName,
        role: 'member',
        tier: 'standard',
      },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 60,
    });

    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'MIXED.case@example.com', password: PASSWORD })
      .expect(200);
    const me = await t
      .http()
      .get('/api/members/me')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({
      id: registered.body.member.id,
      email: 'mixed.case@example.com',
    });

    const refreshed = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: login.body.refreshToken })
      .expect(200);
    expect(refreshed.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 60,
    });
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);

    await t
      .http()
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(204);

    const after = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: refreshed.body.refreshToken });
    expect(after.status).toBe(401);
    // The session's access token dies with it, without waiting for its expiry.
    const stale = await t
      .http()
      .get('/api/members/me')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('UNAUTHENTICATED');
    // The registration's own session is another session and lives on.
    await t
      .http()
      .get('/api/members/me')
      .set('Authorization', `Bearer ${registered.body.accessToken}`)
      .expect(200);
  });

  it('stores refresh tokens hashed, never as they are', async () => {
    const member = await createMember(t);
    const [row] = await t.dataSource.query<{ token_hash: string }[]>(
      'SELECT token_hash FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id WHERE s.member_id = $1',
      [member.id],
    );
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(member.refreshToken);
  });

  it('answers a reused refresh token with 401 TOKEN_REUSED and kills the newer token of the family', async () => {
    const member = await createMember(t);
    const first = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: member.refreshToken })
      .expect(200);

    const reuse = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: member.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ statusCode: 401, code: 'TOKEN_REUSED' });

    const newer = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: first.body.refreshToken });
    expect(newer.status).toBe(401);
    const access = await t
      .http()
      .get('/api/members/me')
      .set('Authorization', `Bearer ${first.body.accessToken}`);
    expect(access.status).toBe(401);
  });

  it('answers an unknown refresh token with 401', async () => {
    const res = await t.http().post('/api/auth/refresh').send({ refreshToken: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an email that is taken, whatever its case, with 409 EMAIL_TAKEN', async () => {
    const member = await createMember(t);
    const before = await countRows(t, 'members');
    const res = await t
      .http()
      .post('/api/auth/register')
      .send(registerBody({ email: member.email.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
    expect(await countRows(t, 'members')).toBe(before);
  });

  it.each([
    ['a short password', { password: 'short-pw' }, 'password'],
    ['a password over 128 characters', { password: 'x1'.repeat(65) }, 'password'],
    ['a common password', { password: 'password123' }, 'password'],
    ['a common password in capitals', { password: 'QWERTYUIOP' }, 'password'],
    ['one repeated character', { password: 'zzzzzzzzzzzz' }, 'password'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['an empty display name', { displayName: '   ' }, 'displayName'],
    ['a display name over 50 characters', { displayName: '名'.repeat(51) }, 'displayName'],
  ])(
    'refuses %s with 400 VALIDATION_FAILED and stores nothing',
    async (_case, overrides, field) => {
      const before = await countRows(t, 'members');
      const res = await t.http().post('/api/auth/register').send(registerBody(overrides));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, messages: expect.any(Array) })]),
      );
      expect(await countRows(t, 'members')).toBe(before);
    },
  );

  it.each([['role'], ['tier'], ['id']])(
    'refuses `%s` in a registration body (mass assignment) and stores nothing',
    async (property) => {
      const body = registerBody({
        [property]: property === 'id' ? '00000000-0000-4000-8000-000000000000' : 'admin',
      });
      const res = await t.http().post('/api/auth/register').send(body);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: property, messages: [expect.stringContaining('should not exist')] },
      ]);
      expect(await countRows(t, 'members', 'email = $1', [body.email])).toBe(0);
    },
  );

  it.each([
    ['role', 'admin'],
    ['tier', 'golden_crown'],
    ['id', '00000000-0000-4000-8000-000000000000'],
    ['email', 'other@example.com'],
  ])('refuses `%s` in a profile update and changes nothing', async (property, value) => {
    const member = await createMember(t);
    const res = await t
      .http()
      .patch('/api/members/me')
      .set(member.auth)
      .send({ displayName: 'Changed', [property]: value });
    expect(res.status).toBe(400);
    const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
    expect(me.body).toMatchObject({
      id: member.id,
      role: 'member',
      tier: 'standard',
      email: member.email,
    });
    expect(me.body.displayName).toBe(member.displayName);
  });

  it('updates the profile within its limits', async () => {
    const member = await createMember(t);
    const res = await t
      .http()
      .patch('/api/members/me')
      .set(member.auth)
      .send({
        displayName: '  韩梅梅  ',
        bio: '十年天猫运营',
        company: '杭州某某电子商务有限公司',
        operatorType: 'operations_director',
        expertise: ['SEO', 'seo', ' 直通车 '],
      })
      .expect(200);
    expect(res.body).toMatchObject({
      displayName: '韩梅梅',
      operatorType: 'operations_director',
      expertise: ['seo', '直通车'],
    });
    const tooMany = await t
      .http()
      .patch('/api/members/me')
      .set(member.auth)
      .send({ expertise: Array.from({ length: 11 }, (_, i) => `tag${i}`) });
    expect(tooMany.status).toBe(400);
    const badType = await t
      .http()
      .patch('/api/members/me')
      .set(member.auth)
      .send({ operatorType: 'ceo' });
    expect(badType.status).toBe(400);
    const longBio = await t
      .http()
      .patch('/api/members/me')
      .set(member.auth)
      .send({ bio: 'x'.repeat(1001) });
    expect(longBio.status).toBe(400);
  });

  it('shows a public profile without the email, to visitors too', async () => {
    const member = await createMember(t, { operatorType: 'store_manager' });
    const res = await t.http().get(`/api/members/${member.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: member.id,
      operatorType: 'store_manager',
      tier: 'standard',
    });
    expect(res.body).not.toHaveProperty('email');
    expect(res.body).not.toHaveProperty('passwordHash');
    await t.http().get('/api/members/00000000-0000-4000-8000-000000000000').expect(404);
    const bad = await t.http().get('/api/members/not-a-uuid');
    expect(bad.status).toBe(400);
  });

  it('answers a wrong password and an unknown email with the same 401 INVALID_CREDENTIALS body', async () => {
    const member = await createMember(t);
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: member.email, password: 'not-the-password' });
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody-here@example.com', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a login body without a password with 400, before any hashing', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 'someone@example.com' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const long = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'someone@example.com', password: 'x'.repeat(129) });
    expect(long.status).toBe(400);
  });

  describe('access tokens', () => {
    it('refuses no token on a member route with 401 UNAUTHENTICATED', async () => {
      const res = await t.http().get('/api/members/me');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: expect.any(String),
      });
    });

    it('refuses a tampered token', async () => {
      const member = await createMember(t);
      const [header, payload, signature] = member.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = `${header}.${base64url({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${signature}`;
      await t.http().get('/api/members/me').set('Authorization', `Bearer ${forged}`).expect(401);
    });

    it('refuses an expired token', async () => {
      const member = await createMember(t);
      const expired = t.app
        .get(JwtService)
        .sign({ sub: member.id, sid: member.sessionId }, { expiresIn: -10 });
      await t.http().get('/api/members/me').set('Authorization', `Bearer ${expired}`).expect(401);
    });

    it('refuses a correctly signed token without `exp` (it would never expire)', async () => {
      const member = await createMember(t);
      const signed = (claims: object): string => {
        const header = base64url({ alg: 'HS256', typ: 'JWT' });
        const payload = base64url(claims);
        const signature = createHmac('sha256', t.config.JWT_SECRET ?? '')
          .update(`${header}.${payload}`)
          .digest('base64url');
        return `${header}.${payload}.${signature}`;
      };
      const iat = Math.floor(Date.now() / 1000);
      const withExp = signed({ sub: member.id, sid: member.sessionId, iat, exp: iat + 600 });
      await t.http().get('/api/members/me').set('Authorization', `Bearer ${withExp}`).expect(200);
      const forever = signed({ sub: member.id, sid: member.sessionId, iat });
      await t.http().get('/api/members/me').set('Authorization', `Bearer ${forever}`).expect(401);
    });

    it('refuses an `alg: none` token', async () => {
      const member = await createMember(t);
      const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
        sub: member.id,
        sid: member.sessionId,
        exp: Math.floor(Date.now() / 1000) + 600,
      })}.`;
      await t.http().get('/api/members/me').set('Authorization', `Bearer ${none}`).expect(401);
    });

    it('refuses a token signed with another secret', async () => {
      const member = await createMember(t);
      const header = base64url({ alg: 'HS256', typ: 'JWT' });
      const payload = base64url({
        sub: member.id,
        sid: member.sessionId,
        exp: Math.floor(Date.now() / 1000) + 600,
      });
      const signature = createHmac('sha256', 'some-other-secret-that-is-long-enough!!')
        .update(`${header}.${payload}`)
        .digest('base64url');
      await t
        .http()
        .get('/api/members/me')
        .set('Authorization', `Bearer ${header}.${payload}.${signature}`)
        .expect(401);
    });

    it('refuses a malformed Authorization header, even on a public route', async () => {
      await t.http().get('/api/members/me').set('Authorization', 'Basic abc').expect(401);
      await t.http().get('/api/health').set('Authorization', 'Bearer garbage').expect(401);
    });
  });

  describe('password change', () => {
    it('signs out every other session, keeps this one, and the new password works', async () => {
      const member = await createMember(t);
      const other = await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: member.password })
        .expect(200);

      await t
        .http()
        .post('/api/auth/password')
        .set(member.auth)
        .send({ currentPassword: member.password, newPassword: 'a-brand-new-passphrase' })
        .expect(204);

      await t.http().get('/api/members/me').set(member.auth).expect(200);
      await t
        .http()
        .get('/api/members/me')
        .set('Authorization', `Bearer ${other.body.accessToken}`)
        .expect(401);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: other.body.refreshToken })
        .expect(401);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: member.password })
        .expect(401);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: 'a-brand-new-passphrase' })
        .expect(200);
    });

    it('never accepts the old password once it changed, even while the member is cached', async () => {
      const member = await createMember(t);
      // Signed-in requests put the member in the cache of rights.
      await t.http().get('/api/members/me').set(member.auth).expect(200);
      await t
        .http()
        .post('/api/auth/password')
        .set(member.auth)
        .send({ currentPassword: member.password, newPassword: 'a-brand-new-passphrase' })
        .expect(204);
      const again = await t
        .http()
        .post('/api/auth/password')
        .set(member.auth)
        .send({ currentPassword: member.password, newPassword: 'yet-another-passphrase' });
      expect(again.status).toBe(400);
      expect(again.body.details[0].field).toBe('currentPassword');
      const erase = await t
        .http()
        .delete('/api/members/me')
        .set(member.auth)
        .send({ password: member.password });
      expect(erase.status).toBe(403);
      expect(erase.body.code).toBe('PASSWORD_INCORRECT');
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: 'a-brand-new-passphrase' })
        .expect(200);
    });

    it('refuses a wrong current password or a weak new one and changes nothing', async () => {
      const member = await createMember(t);
      const wrong = await t
        .http()
        .post('/api/auth/password')
        .set(member.auth)
        .send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-passphrase' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details[0].field).toBe('currentPassword');
      const weak = await t
        .http()
        .post('/api/auth/password')
        .set(member.auth)
        .send({ currentPassword: member.password, newPassword: 'password123' });
      expect(weak.status).toBe(400);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: member.email, password: member.password })
        .expect(200);
    });
  });

  describe('roles', () => {
    it('lets an admin grant a role, audited, effective on the next request', async () => {
      const admin = await createAdmin(t);
      const member = await createMember(t);
      const res = await t
        .http()
        .patch(`/api/admin/members/${member.id}/role`)
        .set(admin.auth)
        .send({ role: 'moderator' })
        .expect(200);
      expect(res.body.role).toBe('moderator');
      const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
      expect(me.body.role).toBe('moderator');
      expect(
        await countRows(
          t,
          'audit_log',
          "action = 'member.role_changed' AND target_id = $1 AND actor_id = $2",
          [member.id, admin.id],
        ),
      ).toBe(1);
    });

    it('refuses the role endpoint to a member and a moderator with 403, and changes nothing', async () => {
      const member = await createMember(t);
      const moderator = await createModerator(t);
      for (const caller of [member, moderator]) {
        const res = await t
          .http()
          .patch(`/api/admin/members/${caller.id}/role`)
          .set(caller.auth)
          .send({ role: 'admin' });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect(
        await countRows(t, 'members', "id IN ($1, $2) AND role = 'admin'", [
          member.id,
          moderator.id,
        ]),
      ).toBe(0);
    });

    it('refuses an unknown role with 400', async () => {
      const admin = await createAdmin(t);
      const member = await createMember(t);
      const res = await t
        .http()
        .patch(`/api/admin/members/${member.id}/role`)
        .set(admin.auth)
        .send({ role: 'owner' });
      expect(res.status).toBe(400);
    });
  });

  describe('suspension', () => {
    it('lets a suspended member read and log out, and refuses other writes with 403 MEMBER_SUSPENDED', async () => {
      const member = await createMember(t, { suspendedUntil: new Date(Date.now() + 3_600_000) });
      await t.http().get('/api/members/me').set(member.auth).expect(200);
      const write = await t
        .http()
        .patch('/api/members/me')
        .set(member.auth)
        .send({ bio: 'still here' });
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('MEMBER_SUSPENDED');
      await t
        .http()
        .post('/api/auth/logout')
        .set(member.auth)
        .send({ refreshToken: member.refreshToken })
        .expect(204);
    });

    it('ends by itself when the time has passed', async () => {
      const member = await createMember(t, { suspendedUntil: new Date(Date.now() - 1_000) });
      await t.http().patch('/api/members/me').set(member.auth).send({ bio: 'back' }).expect(200);
    });
  });
});

describe('Limits on authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '8', LOGIN_FAILURES_BEFORE_LOCK: '5' });
  });
  afterAll(() => t.close());

  it('locks a (email, IP) pair after five failures, while another email from the same IP still logs in', async () => {
    const victim = await createMember(t);
    const other = await createMember(t);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ email: victim.email, password: 'wrong-password!' });
      expect(res.status).toBe(401);
    }
    const sixth = await t
      .http()
      .post('/api/auth/login')
      .send({ email: victim.email, password: victim.password });
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('RATE_LIMITED');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);

    await t
      .http()
      .post('/api/auth/login')
      .send({ email: other.email, password: other.password })
      .expect(200);
  });

  it('answers auth requests past the per-IP limit with 429 and Retry-After, and stores nothing', async () => {
    // The previous test spent 7 of this IP's 8 requests for the minute.
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await t
        .http()
        .post('/api/auth/register')
        .send(registerBody({ email: `limit-${i}@example.com` }));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 429, 429]);
    expect(last?.body.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(t, 'members', "email LIKE 'limit-%'")).toBe(1);
  });
});

describe('The login lockout and the password checks of a signed-in member', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '5' });
  });
  afterAll(() => t.close());

  it('counts wrong passwords on password change and erasure toward the login lockout', async () => {
    const member = await createMember(t);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await t
        .http()
        .post('/api/auth/password')
        .set(member.auth)
        .send({ currentPassword: 'wrong-password!', newPassword: 'a-brand-new-passphrase' })
        .expect(400);
    }
    for (let attempt = 1; attempt <= 2; attempt++) {
      const erase = await t
        .http()
        .delete('/api/members/me')
        .set(member.auth)
        .send({ password: 'wrong-password!' });
      expect(erase.status).toBe(403);
    }
    // Five failures: the pair is locked, for the login and for the checks alike.
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: member.email, password: member.password });
    expect(login.status).toBe(429);
    const erase = await t
      .http()
      .delete('/api/members/me')
      .set(member.auth)
      .send({ password: member.password });
    expect(erase.status).toBe(429);
    expect(await countRows(t, 'members', `id = '${member.id}' AND erased_at IS NULL`)).toBe(1);
  });
});

describe('The first admin', () => {
  it('never promotes an existing account that holds ADMIN_EMAIL, and says how to', async () => {
    const t = await createTestApp({
      ADMIN_EMAIL: 'boss@example.com',
      ADMIN_PASSWORD: 'the-admin-passphrase',
    });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      // Someone registered the address first: an ordinary member with their own password.
      const squatterHash = await t.app.get(PasswordService).hash('the-squatters-password');
      await t.dataSource.query(
        `UPDATE members SET role = 'member', password_hash = $1 WHERE email = 'boss@example.com'`,
        [squatterHash],
      );
      await t.app.get(AuthService).onApplicationBootstrap();

      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'boss@example.com', password: 'the-squatters-password' })
        .expect(200);
      expect(login.body.member.role).toBe('member');
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'boss@example.com', password: 'the-admin-passphrase' })
        .expect(401);
      expect(warn.mock.calls.map((call) => String(call[0])).join('\n')).toContain(
        'create-admin --email <ADMIN_EMAIL> --promote-existing',
      );
      expect(await countRows(t, 'audit_log', "action = 'member.role_changed'")).toBe(0);
    } finally {
      warn.mockRestore();
      await t.close();
    }
  });

  it('promotes an existing account from the CLI only with its own password, audited', async () => {
    const t = await createTestApp();
    try {
      const member = await createMember(t);
      const firstAdmin = t.app.get(FirstAdmin);
      await expect(firstAdmin.promoteExisting(member.email, 'not-their-password')).rejects.toThrow(
        'No account with that email and password',
      );
      await expect(
        firstAdmin.promoteExisting('nobody@example.com', member.password),
      ).rejects.toThrow();
      expect(await countRows(t, 'members', `id = '${member.id}' AND role = 'member'`)).toBe(1);

      await expect(firstAdmin.promoteExisting(member.email, member.password)).resolves.toBe(
        'promoted',
      );
      expect(await countRows(t, 'members', `id = '${member.id}' AND role = 'admin'`)).toBe(1);
      expect(
        await countRows(
          t,
          'audit_log',
          `action = 'member.role_changed' AND target_id = '${member.id}' AND actor_id IS NULL`,
        ),
      ).toBe(1);
      await expect(firstAdmin.promoteExisting(member.email, member.password)).resolves.toBe(
        'already_admin',
      );
    } finally {
      await t.close();
    }
  });

  it('is created from ADMIN_EMAIL and ADMIN_PASSWORD at start, once', async () => {
    const t = await createTestApp({
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'the-admin-passphrase',
    });
    try {
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'boss@example.com', password: 'the-admin-passphrase' })
        .expect(200);
      expect(login.body.member.role).toBe('admin');
      // A second bootstrap (a restart) changes nothing.
      await t.app.get(AuthService).onApplicationBootstrap();
      expect(await countRows(t, 'members', "email = 'boss@example.com'")).toBe(1);
      expect(await countRows(t, 'audit_log', "action = 'member.admin_created'")).toBe(1);
    } finally {
      await t.close();
    }
  });
});

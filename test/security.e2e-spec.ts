import fc from 'fast-check';
import {
  countRows,
  createAdmin,
  createGoldenCrownMember,
  createMember,
  createModerator,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Who may call a route:
 * - `public`: anyone, visitors included;
 * - `member`: any signed-in member; a suspended one may read but not write;
 * - `member+suspended`: a write a suspended member may still make (the API contract, docs/api.md);
 * - `moderator`, `admin`: that role or above.
 */
type Access = 'public' | 'member' | 'member+suspended' | 'moderator' | 'admin';

/** Every route of the API. A route missing here fails the matrix test. */
const ACCESS: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /api/members/me': 'member',
  'PATCH /api/members/me': 'member',
  'DELETE /api/members/me': 'member+suspended',
  'GET /api/members/suggest': 'member',
  'GET /api/members/{id}': 'public',
  'PATCH /api/admin/members/{id}/role': 'admin',
  'GET /api/admin/stats': 'moderator',
  'POST /api/auth/register': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'member+suspended',
  'POST /api/auth/password': 'member',
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'POST /api/auth/verify-email': 'public',
  'POST /api/auth/verify-email/resend': 'member',
  'POST /api/members/me/email': 'member',
  'GET /api/rooms': 'member',
  'POST /api/rooms': 'moderator',
  'GET /api/rooms/{id}/messages': 'member',
  'DELETE /api/messages/{id}': 'member',
  'GET /api/posts': 'public',
  'POST /api/posts': 'member',
  'POST /api/posts/preview': 'member',
  'GET /api/posts/{id}': 'public',
  'PATCH /api/posts/{id}': 'member',
  'DELETE /api/posts/{id}': 'member',
  'POST /api/posts/{id}/restore': 'moderator',
  'GET /api/posts/{id}/related': 'public',
  'PUT /api/posts/{id}/like': 'member',
  'DELETE /api/posts/{id}/like': 'member',
  'GET /api/posts/{id}/comments': 'public',
  'POST /api/posts/{id}/comments': 'member',
  'PATCH /api/comments/{id}': 'member',
  'DELETE /api/comments/{id}': 'member',
  'POST /api/comments/{id}/restore': 'moderator',
  'GET /api/tags': 'public',
  'GET /api/privacy/agreement': 'public',
  'GET /api/members/me/export': 'member',
  'GET /api/members/me/export/archive': 'member',
  'POST /api/uploads': 'member',
  'GET /api/uploads/{id}': 'public',
  'DELETE /api/uploads/{id}': 'member',
  'GET /api/membership/golden-crown/rules': 'public',
  'POST /api/membership/golden-crown/eligibility': 'public',
  'POST /api/membership/applications': 'member',
  'GET /api/membership/applications/mine': 'member',
  'GET /api/membership/applications/{id}': 'member',
  'POST /api/membership/applications/{id}/withdraw': 'member+suspended',
  'GET /api/moderation/applications': 'moderator',
  'GET /api/moderation/applications/{id}': 'moderator',
  'POST /api/moderation/applications/{id}/decision': 'moderator',
  'POST /api/moderation/members/{id}/tier': 'moderator',
  'GET /api/notifications': 'member',
  'POST /api/notifications/read': 'member+suspended',
  'POST /api/reports': 'member',
  'GET /api/moderation/reports': 'moderator',
  'POST /api/moderation/reports/{id}/resolve': 'moderator',
  'GET /api/moderation/members': 'moderator',
  'POST /api/moderation/members/{id}/suspend': 'moderator',
  'POST /api/moderation/members/{id}/unsuspend': 'moderator',
  'GET /api/moderation/audit-log': 'moderator',
  'GET /api/moderation/mail-suppressions': 'moderator',
  'DELETE /api/moderation/mail-suppressions/{id}': 'moderator',
  'GET /api/members/me/email-preferences': 'member',
  'PUT /api/members/me/email-preferences': 'member+suspended',
  'POST /api/email/unsubscribe': 'public',
  'GET /api/email/unsubscribe': 'public',
  'PUT /api/members/{id}/block': 'member+suspended',
  'DELETE /api/members/{id}/block': 'member+suspended',
  'GET /api/members/me/blocks': 'member',
  'GET /api/conversations': 'member',
  'POST /api/conversations': 'member',
  'GET /api/conversations/{id}/messages': 'member',
  'POST /api/conversations/{id}/messages': 'member',
  'POST /api/conversations/{id}/read': 'member+suspended',
  'POST /api/conversations/{id}/leave': 'member+suspended',
  'PUT /api/conversations/{id}/mute': 'member+suspended',
  'GET /api/members': 'member',
  'GET /api/members/{id}/posts': 'public',
  'PUT /api/members/{id}/follow': 'member',
  'DELETE /api/members/{id}/follow': 'member',
  'GET /api/members/{id}/followers': 'member',
  'GET /api/members/{id}/following': 'member',
  'GET /api/tags/followed': 'member',
  'PUT /api/tags/{name}/follow': 'member',
  'DELETE /api/tags/{name}/follow': 'member',
  'PUT /api/posts/{id}/bookmark': 'member',
  'DELETE /api/posts/{id}/bookmark': 'member',
  'GET /api/members/me/bookmarks': 'member',
};

type Caller = 'visitor' | 'member' | 'golden_crown' | 'suspended' | 'moderator' | 'admin';
const CALLERS: Caller[] = ['visitor', 'member', 'golden_crown', 'suspended', 'moderator', 'admin'];
const RANK: Record<Caller, number> = {
  visitor: -1,
  member: 0,
  golden_crown: 0,
  suspended: 0,
  moderator: 1,
  admin: 2,
};

/** The refusal a caller must get, or `null` when authorization lets them through. */
function expectedRefusal(access: Access, method: string, caller: Caller): [number, string] | null {
  if (access === 'public') return null;
  if (caller === 'visitor') return [401, 'UNAUTHENTICATED'];
  const needed = access === 'moderator' ? 1 : access === 'admin' ? 2 : 0;
  if (RANK[caller] < needed) return [403, 'FORBIDDEN'];
  if (caller === 'suspended' && method !== 'GET' && access !== 'member+suspended') {
    return [403, 'MEMBER_SUSPENDED'];
  }
  return null;
}

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

/** Tests that call every route many times: minutes on the embedded database on a busy machine. */
const HEAVY_TEST_TIMEOUT_MS = 10 * 60_000;

async function routesOf(t: TestApp): Promise<string[]> {
  const doc = await t.http().get('/api/docs-json').expect(200);
  return Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('Security (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      LOGIN_FAILURES_BEFORE_LOCK: '100000',
    });
  });
  afterAll(() => t.close());

  async function caller(kind: Caller): Promise<TestMember | null> {
    switch (kind) {
      case 'visitor':
        return null;
      case 'member':
        return createMember(t);
      case 'golden_crown':
        return createGoldenCrownMember(t);
      case 'suspended':
        return createMember(t, { suspendedUntil: new Date(Date.now() + 3_600_000) });
      case 'moderator':
        return createModerator(t);
      case 'admin':
        return createAdmin(t);
    }
  }

  it('has a row for every route, and every row is a route', async () => {
    const routes = await routesOf(t);
    expect(routes.filter((route) => !(route in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it(
    'authorizes every route × {visitor, member, Golden Crown, suspended, moderator, admin} as its row says',
    async () => {
      const mismatches: string[] = [];
      for (const route of await routesOf(t)) {
        const access = ACCESS[route];
        const [method, path] = route.split(' ');
        for (const kind of CALLERS) {
          // A fresh caller per call: some routes end sessions or erase the account.
          const member = await caller(kind);
          const client = t.http();
          const res = await client[method.toLowerCase() as Method](
            path.replace(/\{[^}]+\}/g, FAKE_ID),
          )
            .set(member ? member.auth : {})
            .send({});
          const refusal = expectedRefusal(access, method, kind);
          const ok = refusal
            ? res.status === refusal[0] && res.body.code === refusal[1]
            : res.status !== 401 && res.status !== 403 && res.status < 500;
          if (!ok) {
            mismatches.push(
              `${route} as ${kind}: got ${res.status} ${String(res.body.code)}, expected ${
                refusal ? refusal.join(' ') : 'to pass authorization'
              }`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  describe('bad input never breaks the server nor stores anything', () => {
    const TABLES = [
      'members',
      'posts',
      'post_comments',
      'post_likes',
      'reports',
      'notifications',
      'membership_applications',
      'consents',
      'rooms',
      'messages',
      'member_blocks',
      'conversation_members',
      'room_read_positions',
    ];

    const hostileKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '$where',
      'a'.repeat(300),
    );
    const hostileString = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constant('x'.repeat(70_000)),
      fc.constant('\u0000\uFFFF\uD800'),
      fc.constant('<script>alert(1)</script>'),
      fc.constant("'; DROP TABLE members; --"),
      fc.constant('𝓛𝓪𝓸𝓰𝓪𝓸 🧧'),
    );
    const hostileValue = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        hostileString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(1e308),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 10 })), tie('value'), {
          maxKeys: 4,
        }),
      ),
    })).value;
    /** Deeply nested objects, to probe the parser and the validator's recursion. */
    const deep = fc.integer({ min: 50, max: 500 }).map((depth) => {
      let value: unknown = 'bottom';
      for (let i = 0; i < depth; i++) value = { a: value };
      return value;
    });
    const body = fc.oneof(
      hostileValue,
      deep,
      fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }),
    );

    it(
      'fuzzes every request body with fast-check: never a 5xx, nothing stored',
      async () => {
        const routes = (await routesOf(t)).filter((route) => /^(POST|PATCH|PUT) /.test(route));
        const moderator = await createModerator(t);
        const before = await Promise.all(TABLES.map((table) => countRows(t, table)));
        const failures: string[] = [];
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...routes), body, async (route, payload) => {
            const [method, path] = route.split(' ');
            const client = t.http();
            const res = await client[method.toLowerCase() as Method](
              path.replace(/\{[^}]+\}/g, FAKE_ID),
            )
              .set(moderator.auth)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(payload));
            if (res.status >= 500)
              failures.push(
                `${route} → ${res.status} for ${JSON.stringify(payload).slice(0, 200)}`,
              );
            return res.status < 500;
          }),
          { numRuns: 300, seed: 20261128 },
        );
        expect(failures).toEqual([]);
        // Auth routes may register a member only from a valid body, which random data is not.
        expect(await Promise.all(TABLES.map((table) => countRows(t, table)))).toEqual(before);
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    it('does not let __proto__ in a body reach an object’s prototype', async () => {
      const member = await createMember(t);
      const res = await t
        .http()
        .patch('/api/members/me')
        .set(member.auth)
        .set('Content-Type', 'application/json')
        .send('{"__proto__": {"role": "admin"}, "bio": "x"}');
      // JSON.parse makes `__proto__` an own property, which validation strips or refuses.
      expect(res.status).toBeLessThan(500);
      const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
      expect(me.body.role).toBe('member');
      expect(({} as { role?: string }).role).toBeUndefined();
    });

    it('fuzzes query strings: never a 5xx', async () => {
      const routes = (await routesOf(t)).filter((route) => route.startsWith('GET '));
      const moderator = await createModerator(t);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.dictionary(
            fc.constantFrom(
              'limit',
              'cursor',
              'q',
              'tag',
              'status',
              'afterSeq',
              'beforeSeq',
              'unread',
              'authorId',
            ),
            hostileString,
            { maxKeys: 4 },
          ),
          async (route, query) => {
            const path = route.split(' ')[1].replace(/\{[^}]+\}/g, FAKE_ID);
            const res = await t.http().get(path).query(query).set(moderator.auth);
            return res.status < 500;
          },
        ),
        { numRuns: 200, seed: 11282026 },
      );
    });
  });

  describe('limits and the client address', () => {
    it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
      const strict = await createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '3' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await strict
            .http()
            .post('/api/auth/login')
            .set('X-Forwarded-For', `203.0.113.${i}`)
            .send({ email: `nobody${i}@example.com`, password: 'whatever-password' });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
      } finally {
        await strict.close();
      }
    });

    it('counts each forwarded client separately behind a trusted proxy', async () => {
      const proxied = await createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: '3', TRUST_PROXY: '1' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await proxied
            .http()
            .post('/api/auth/login')
            .set('X-Forwarded-For', `203.0.113.${i}`)
            .send({ email: `nobody${i}@example.com`, password: 'whatever-password' });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401]);
        // And one client past its limit is still limited.
        for (let i = 0; i < 3; i++) {
          await proxied
            .http()
            .post('/api/auth/login')
            .set('X-Forwarded-For', '198.51.100.7')
            .send({ email: 'a@example.com', password: 'whatever-password' });
        }
        const limited = await proxied
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', '198.51.100.7')
          .send({ email: 'a@example.com', password: 'whatever-password' });
        expect(limited.status).toBe(429);
      } finally {
        await proxied.close();
      }
    });

    it('limits writes per member with 429 and Retry-After, storing nothing past the limit', async () => {
      const limited = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '3' });
      try {
        const member = await createMember(limited);
        const statuses: number[] = [];
        let last;
        for (let i = 0; i < 5; i++) {
          last = await limited
            .http()
            .post('/api/posts')
            .set(member.auth)
            .send({ title: `t${i}`, body: 'b' });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([201, 201, 201, 429, 429]);
        expect(last?.body.code).toBe('RATE_LIMITED');
        expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
        expect(await countRows(limited, 'posts', 'author_id = $1', [member.id])).toBe(3);
        // Another member is not affected.
        const other = await createMember(limited);
        await limited
          .http()
          .post('/api/posts')
          .set(other.auth)
          .send({ title: 't', body: 'b' })
          .expect(201);
      } finally {
        await limited.close();
      }
    });
  });
});

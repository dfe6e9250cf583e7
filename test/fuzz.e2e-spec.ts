import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Response } from 'supertest';
import { MAX_INPUT_DEPTH } from '../src/common/validation/safe-input';
import { connect, listen, type ChatClient } from './support/discussion-client';
import { countRows, createAdmin, createMember, type TestMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Every class of malformed input, generated for every route of the OpenAPI document and
 * every socket event: each answers `400 VALIDATION_FAILED` naming the field (a visitor on
 * a members' route: 401), never a 5xx (the API contract "Accounts and authentication").
 */

const FAKE_ID = '00000000-0000-4000-8000-000000000000';
const PASSWORD = 'a long enough passphrase 42';

/** Text no field may hold (a password may hold the bidi and invisible ones). */
const BAD_TEXT: { name: string; value: string; secretMayHold: boolean }[] = [
  { name: 'NUL', value: 'a\u0000b', secretMayHold: false },
  { name: 'a C0 control', value: 'a\u001bb', secretMayHold: false },
  { name: 'a lone CR', value: 'a\rb', secretMayHold: false },
  { name: 'a bidi override (RLO)', value: 'abc\u202Etxt', secretMayHold: true },
  { name: 'a bidi isolate (RLI)', value: 'abc\u2067def', secretMayHold: true },
  { name: 'only zero-width spaces', value: '\u200B\u200B', secretMayHold: true },
  { name: 'only a BOM and a word joiner', value: '\uFEFF\u2060', secretMayHold: true },
];

/** Raw JSON number literals: 2^31, 1e308, 2^53 + 1 (not a double), 1e400 (Infinity). */
const HUGE_NUMBERS: { literal: string; unsafe: boolean }[] = [
  { literal: '2147483648', unsafe: false },
  { literal: '1e308', unsafe: true },
  { literal: '9007199254740993', unsafe: true },
  { literal: '1e400', unsafe: true },
];

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/** `depth` nested JSON arrays, as text: 100,000 of them fit the body limit. */
const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const forge = (json: string): string => Buffer.from(json, 'utf8').toString('base64url');
const AT = '2026-11-30T00:56:30.123456Z';

/**
 * Cursors no list ever made: impossible dates and ids, huge scores, text PostgreSQL
 * refuses. `timeOnly`: malformed where a cursor holds a time (a name may read "1").
 */
const FORGED_CURSORS: { name: string; cursor: string; timeOnly?: boolean }[] = [
  {
    name: 'a date past year 9999',
    cursor: forge(`["275760-09-14T00:00:00.001Z","${FAKE_ID}"]`),
    timeOnly: true,
  },
  {
    name: 'the largest Date',
    cursor: forge(`["+275760-09-13T00:00:00.000Z","${FAKE_ID}"]`),
    timeOnly: true,
  },
  {
    name: '31 February',
    cursor: forge(`["2026-02-31T00:00:00.000000Z","${FAKE_ID}"]`),
    timeOnly: true,
  },
  { name: 'a bare impossible date', cursor: forge(`["2026-02-31","${FAKE_ID}"]`), timeOnly: true },
  { name: 'a date Date.parse guesses', cursor: forge(`["1","${FAKE_ID}"]`), timeOnly: true },
  { name: 'a non-UUID id', cursor: forge(`["${AT}","not-a-uuid"]`) },
  { name: 'a name and a non-UUID id', cursor: forge('["Member","not-a-uuid"]') },
  { name: 'NUL in its text', cursor: forge(`["a\\u0000b","${FAKE_ID}"]`) },
  { name: 'a score of 2^31', cursor: forge(`[2147483648,"${AT}","${FAKE_ID}"]`) },
  { name: 'a score of 1e308', cursor: forge(`[1e308,"${AT}","${FAKE_ID}"]`) },
  { name: 'a score of 2^53 + 1', cursor: forge(`[9007199254740993,"${AT}","${FAKE_ID}"]`) },
  { name: 'nested arrays', cursor: forge(deepJson(150)) },
  { name: 'an object', cursor: forge(`{"at":"${AT}","id":"${FAKE_ID}"}`) },
  { name: 'no JSON at all', cursor: 'bm90IGpzb24' },
];

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
}

interface Parameter {
  in: string;
  name: string;
  schema?: Schema;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  route: string;
  method: Method;
  path: string;
  pathParams: string[];
  query: Parameter[];
  body?: Record<string, Schema>;
}

/** A request with one malformed part, and what it must answer. */
interface Case {
  name: string;
  path: string;
  query?: string;
  /** Raw JSON, so number literals a double cannot hold reach the server as written. */
  body?: string;
  /** The `details` field it is refused on (`null`: refused, field not checked). */
  refusedOn: string | null;
  /** Not malformed after all (a password may hold invisible characters): only no 5xx. */
  mayPass?: boolean;
}

function resolve(schema: Schema | undefined, doc: OpenApiDocument): Schema {
  if (!schema?.$ref) return schema ?? {};
  return doc.components.schemas[schema.$ref.split('/').pop() ?? ''] ?? {};
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const body = resolve(op.requestBody?.content?.['application/json']?.schema, doc);
      return {
        route: `${method.toUpperCase()} ${path}`,
        method: method as Method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query'),
        body: body.properties,
      };
    }),
  );
}

/** A value its schema takes, so the one malformed field is the only thing wrong. */
function validValue(name: string, schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  if (/password$/i.test(name)) return PASSWORD;
  if (name === 'email') return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return [validValue(name, schema.items ?? {})];
  if (schema.format === 'uuid') return FAKE_ID;
  if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  return 'valid text';
}

const withPath = (op: Operation, id = FAKE_ID) =>
  op.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));

/** Lists paged by `[displayName, id]`: any text is a name there. */
const NAME_PAGED = new Set(['GET /api/moderation/members']);

/** Ids that exist, so a list reaches its cursor rather than answering 404 first. */
interface Existing {
  postId: string;
  roomId: string;
  memberId: string;
}

function existingPath(op: Operation, existing: Existing): string {
  if (op.path.startsWith('/api/posts/{id}')) return withPath(op, existing.postId);
  if (op.path.startsWith('/api/rooms/{id}')) return withPath(op, existing.roomId);
  if (op.path.startsWith('/api/members/{id}')) return withPath(op, existing.memberId);
  return withPath(op);
}

/** The body with every field valid, or none when the route takes no body. */
function validBody(op: Operation): string | undefined {
  if (!op.body) return undefined;
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(op.body).map(([name, schema]) => [name, validValue(name, schema)]),
    ),
  );
}

/** The body as JSON text with `field` (or `field.0` of a list) set to a raw JSON literal. */
function bodyWith(op: Operation, field: string, literal: string): string {
  const properties = op.body ?? {};
  const parts = Object.entries(properties).map(([name, schema]) => {
    if (name !== field)
      return `${JSON.stringify(name)}:${JSON.stringify(validValue(name, schema))}`;
    return `${JSON.stringify(name)}:${schema.type === 'array' ? `[${literal}]` : literal}`;
  });
  if (!Object.hasOwn(properties, field)) parts.push(`${JSON.stringify(field)}:${literal}`);
  return `{${parts.join(',')}}`;
}

/** Path parameters that are text, not ids (a tag's `:name`): any word, even `prototype`, is one. */
const TEXT_PATH_PARAMS = new Set(['name']);

function pathCases(op: Operation): Case[] {
  // A valid body, so the parameter is the one thing wrong.
  const body = validBody(op);
  return op.pathParams.flatMap((param) => [
    ...BAD_TEXT.map((bad) => ({
      name: `${bad.name} in :${param}`,
      path: withPath(op, bad.value),
      body,
      refusedOn: param,
    })),
    ...FORBIDDEN_KEYS.map((key) => ({
      name: `${key} as :${param}`,
      path: withPath(op, key),
      body,
      refusedOn: param,
      mayPass: TEXT_PATH_PARAMS.has(param),
    })),
    {
      name: `2^31 as :${param}`,
      path: withPath(op, '2147483648'),
      body,
      refusedOn: param,
      mayPass: TEXT_PATH_PARAMS.has(param),
    },
  ]);
}

function queryCases(op: Operation, existing: Existing): Case[] {
  const path = existingPath(op, existing);
  const q = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  if (op.query.length === 0) return [];
  const perParam = op.query.flatMap(({ name, schema }) => [
    ...BAD_TEXT.map((bad) => ({
      name: `${bad.name} in ?${name}`,
      path,
      query: q([[name, bad.value]]),
      refusedOn: name,
    })),
    {
      name: `?${name} given twice`,
      path,
      query: q([
        [name, '1'],
        [name, '2'],
      ]),
      refusedOn: name,
    },
    ...(schema?.type === 'number'
      ? ['2147483648', '1e308', '9007199254740993', '-1', '1.5', 'Infinity'].map((n) => ({
          name: `?${name}=${n}`,
          path,
          query: q([[name, n]]),
          refusedOn: name,
        }))
      : []),
  ]);
  const keys = FORBIDDEN_KEYS.map((key) => ({
    name: `?${key}=`,
    path,
    query: q([[key, 'x']]),
    refusedOn: key,
  }));
  const nested = {
    name: 'a nested query key',
    path,
    query: `${encodeURIComponent(op.query[0].name)}${'[a]'.repeat(40)}=1`,
    refusedOn: null,
  };
  const names = op.query.map((p) => p.name);
  const cursors = names.includes('cursor')
    ? FORGED_CURSORS.flatMap(({ name, cursor, timeOnly }) => [
        {
          name: `a cursor with ${name}`,
          path,
          query: q([['cursor', cursor]]),
          refusedOn: 'cursor',
          mayPass: timeOnly && NAME_PAGED.has(op.route),
        },
        ...(names.includes('q')
          ? [
              {
                name: `a search cursor with ${name}`,
                path,
                query: q([
                  ['q', '运营'],
                  ['cursor', cursor],
                ]),
                refusedOn: 'cursor',
                mayPass: timeOnly && NAME_PAGED.has(op.route),
              },
            ]
          : []),
      ])
    : [];
  return [...perParam, ...keys, nested, ...cursors];
}

/** Fields whose type refuses a number. */
const TYPED = new Set(['string', 'boolean', 'array']);

function bodyCases(op: Operation): Case[] {
  if (!op.body) return [];
  const path = withPath(op);
  const fields = Object.entries(op.body);
  const perField = fields.flatMap(([field, schema]) => {
    // A secret is compared, never shown: a password may hold invisible characters, and a
    // reset link's token that holds them is simply unknown (400 TOKEN_INVALID).
    const secret = /password$|^token$/i.test(field);
    const at = schema.type === 'array' ? `${field}.0` : field;
    return [
      ...BAD_TEXT.map((bad) => ({
        name: `${bad.name} in ${field}`,
        path,
        body: bodyWith(op, field, JSON.stringify(bad.value)),
        refusedOn: at,
        mayPass: secret && bad.secretMayHold,
      })),
      ...HUGE_NUMBERS.map(({ literal, unsafe }) => ({
        name: `${literal} in ${field}`,
        path,
        body: bodyWith(op, field, literal),
        // 2^31 is a fine turnover, and fields documented as ignored take anything; in a
        // text, boolean or list field it is the wrong type all the same.
        refusedOn: unsafe ? at : field,
        mayPass: !unsafe && !TYPED.has(schema.type ?? ''),
      })),
      {
        name: `100,000 nested arrays in ${field}`,
        path,
        body: bodyWith(op, field, deepJson(100_000)),
        refusedOn: field,
      },
    ];
  });
  const [firstField, firstSchema] = fields[0];
  // bodyWith puts a value into a list field as its first item.
  const inFirst = firstSchema.type === 'array' ? `${firstField}.0` : firstField;
  return [
    ...perField,
    ...FORBIDDEN_KEYS.map((key) => ({
      name: `the key ${key}`,
      path,
      body: bodyWith(op, key, '{"role":"admin"}'),
      refusedOn: key,
    })),
    {
      name: `the key __proto__ inside ${firstField}`,
      path,
      body: bodyWith(op, firstField, '{"__proto__":{"x":1}}'),
      refusedOn: `${inFirst}.__proto__`,
    },
    {
      name: 'a body of 100,000 nested arrays',
      path,
      body: deepJson(100_000),
      refusedOn: 'body',
    },
    {
      name: `${MAX_INPUT_DEPTH + 1} nested objects`,
      path,
      body: bodyWith(
        op,
        firstField,
        `${'{"a":'.repeat(MAX_INPUT_DEPTH + 1)}1${'}'.repeat(MAX_INPUT_DEPTH + 1)}`,
      ),
      refusedOn: firstField,
    },
  ];
}

/** Tests that call every route many times: minutes on the embedded database on a busy machine. */
const HEAVY_TEST_TIMEOUT_MS = 10 * 60_000;

describe('Malformed input on every route and socket event (e2e)', () => {
  let t: TestApp;
  let operations: Operation[];
  let url: string;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_WRITE_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
      RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
      LOGIN_FAILURES_BEFORE_LOCK: '100000',
      CHAT_BURST: '1000',
      CHAT_PER_SECOND: '100',
    });
    // Listening before any request: supertest then uses this server rather than its own.
    url = await listen(t);
    const doc = await t.http().get('/api/docs-json').expect(200);
    operations = operationsOf(doc.body as OpenApiDocument);
  });
  afterAll(() => t.close());

  function send(op: Operation, c: Case, member: TestMember | null) {
    let req = t.http()[op.method](c.query ? `${c.path}?${c.query}` : c.path);
    if (member) req = req.set(member.auth);
    return c.body === undefined ? req : req.set('Content-Type', 'application/json').send(c.body);
  }

  /** What is wrong with an answer, or `null`. */
  function mismatch(res: Response, c: Case, signedIn: boolean, isPublic: boolean): string | null {
    if (res.status >= 500) return `${res.status} ${String(res.body.code)}`;
    if (c.mayPass) return null;
    if (!signedIn && !isPublic) {
      return res.status === 401 ? null : `${res.status} ${String(res.body.code)}, expected 401`;
    }
    const body = res.body as { code?: string; details?: { field: string }[] };
    if (res.status !== 400 || body.code !== 'VALIDATION_FAILED') {
      return `${res.status} ${String(body.code)}, expected 400 VALIDATION_FAILED`;
    }
    if (c.refusedOn !== null && !body.details?.some((d) => d.field === c.refusedOn)) {
      return `refused on ${JSON.stringify(body.details?.map((d) => d.field))}, expected ${c.refusedOn}`;
    }
    return null;
  }

  async function fuzz(casesOf: (op: Operation) => Case[]): Promise<string[]> {
    const problems: string[] = [];
    for (const op of operations) {
      const cases = casesOf(op);
      if (cases.length === 0) continue;
      // A route is public when a visitor's plain request is not asked to sign in.
      const probe = await t.http()[op.method](withPath(op));
      const isPublic = probe.status !== 401;
      // A fresh admin per route: a refusal that failed could have changed their account.
      const admin = await createAdmin(t);
      for (const c of cases) {
        for (const member of [admin, null]) {
          const res = await send(op, c, member);
          const wrong = mismatch(res, c, member !== null, isPublic);
          if (wrong)
            problems.push(`${op.route} as ${member ? 'admin' : 'visitor'}, ${c.name}: ${wrong}`);
        }
      }
    }
    return problems;
  }

  it('finds routes of every kind in the OpenAPI document', () => {
    expect(operations.filter((op) => op.pathParams.length > 0).length).toBeGreaterThan(20);
    expect(
      operations.filter((op) => op.query.some((p) => p.name === 'cursor')).length,
    ).toBeGreaterThan(5);
    expect(operations.filter((op) => op.body).length).toBeGreaterThan(15);
  });

  it(
    'refuses malformed path parameters on every route',
    async () => {
      expect(await fuzz(pathCases)).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'refuses malformed query values, numbers out of range and forged cursors on every route',
    async () => {
      const author = await createMember(t);
      const post = await t
        .http()
        .post('/api/posts')
        .set(author.auth)
        .send({ title: 'A post to page the comments of', body: 'body' })
        .expect(201);
      const rooms = await t.http().get('/api/rooms').set(author.auth).expect(200);
      const existing: Existing = {
        postId: post.body.id as string,
        roomId: (rooms.body.items as { id: string }[])[0].id,
        memberId: author.id,
      };
      expect(await fuzz((op) => queryCases(op, existing))).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'refuses malformed text, numbers, nesting and forbidden keys in every body',
    async () => {
      const before = await countRows(t, 'posts');
      expect(await fuzz(bodyCases)).toEqual([]);
      expect(await countRows(t, 'posts')).toBe(before);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  describe('display names and passwords', () => {
    it.each([
      ['a bidi override', '\u202Eadmin'],
      ['a bidi isolate', 'Li\u2066Lei'],
      ['only invisible characters', '\u200B\u200C\u200D'],
      ['only a BOM', '\uFEFF'],
    ])('refuses a display name with %s on register, storing nothing', async (_, displayName) => {
      const email = `name-${randomUUID().slice(0, 8)}@example.com`;
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ email, password: PASSWORD, displayName })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'displayName' }],
      });
      expect(await countRows(t, 'members', 'email = $1', [email])).toBe(0);
    });

    it.each([
      ['a bidi override', 'evil\u202Egnp.exe'],
      ['only invisible characters', '\u200B\u2060'],
    ])(
      'refuses a display name with %s on PATCH /api/members/me, keeping the old one',
      async (_, displayName) => {
        const member = await createMember(t);
        const res = await t
          .http()
          .patch('/api/members/me')
          .set(member.auth)
          .send({ displayName })
          .expect(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: 'displayName' }],
        });
        const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
        expect(me.body.displayName).toBe(member.displayName);
      },
    );

    it('still takes a display name with a zero-width joiner inside visible text', async () => {
      const member = await createMember(t);
      const res = await t
        .http()
        .patch('/api/members/me')
        .set(member.auth)
        .send({ displayName: '老高 👨‍💻' })
        .expect(200);
      expect(res.body.displayName).toBe('老高 👨‍💻');
    });

    it('lets a password hold bidi and invisible characters: register, then log in with it', async () => {
      const email = `secret-${randomUUID().slice(0, 8)}@example.com`;
      const password = '\u200B\u202E\u2066 zero-width\u200Bpass phrase';
      await t
        .http()
        .post('/api/auth/register')
        .send({ email, password, displayName: 'Secretive' })
        .expect(201);
      await t.http().post('/api/auth/login').send({ email, password }).expect(200);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: password.replace(/\u200B/g, '') })
        .expect(401);
    });

    it('refuses __proto__ in a body as an unknown property, and the role stays', async () => {
      const member = await createMember(t);
      const res = await t
        .http()
        .patch('/api/members/me')
        .set(member.auth)
        .set('Content-Type', 'application/json')
        .send('{"__proto__": {"role": "admin"}, "bio": "x"}')
        .expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [{ field: '__proto__', messages: ['property __proto__ should not exist'] }],
      });
      const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
      expect(me.body.role).toBe('member');
      expect(me.body.bio).not.toBe('x');
    });
  });

  it('stores CR LF line ends as LF', async () => {
    const member = await createMember(t);
    const res = await t
      .http()
      .post('/api/posts')
      .set(member.auth)
      .send({ title: 'Line ends', body: 'first\r\nsecond\r\n\r\nthird' })
      .expect(201);
    expect(res.body.body).toBe('first\nsecond\n\nthird');
    const [row] = await t.dataSource.query<{ body: string }[]>(
      'SELECT body FROM posts WHERE id = $1',
      [res.body.id],
    );
    expect(row.body).toBe('first\nsecond\n\nthird');
  });

  describe('socket events', () => {
    const clients: ChatClient[] = [];

    afterAll(() => {
      for (const client of clients.splice(0)) client.close();
    });

    type Payload = Record<string, unknown>;
    interface Ack {
      ok: boolean;
      code?: string;
      details?: { field: string }[];
    }

    /** The untyped emitter: these payloads break the event types on purpose. */
    const emit = (socket: ChatClient, event: string, payload: unknown): Promise<Ack> =>
      (socket as unknown as Socket).emitWithAck(event, payload) as Promise<Ack>;

    /** Each event's valid payload, and its fields' kinds. */
    const EVENTS: Record<string, (roomId: string) => Payload> = {
      'room:join': (roomId) => ({ roomId, afterSeq: 0 }),
      'room:leave': (roomId) => ({ roomId }),
      'message:send': (roomId) => ({ roomId, clientMsgId: randomUUID(), body: 'hello' }),
      typing: (roomId) => ({ roomId }),
      'room:read': (roomId) => ({ roomId, seq: 0 }),
      // Any well-formed id: validation comes before the post is looked up.
      'post:watch': () => ({ postId: randomUUID() }),
      'post:unwatch': () => ({ postId: randomUUID() }),
    };

    function socketCases(
      base: Payload,
    ): { name: string; payload: unknown; field: string | null }[] {
      const fields = Object.keys(base);
      const withField = (field: string, value: unknown) => ({ ...base, [field]: value });
      let deep: unknown = 'bottom';
      for (let i = 0; i < 1_000; i++) deep = [deep];
      return [
        ...fields.flatMap((field) => [
          ...BAD_TEXT.map((bad) => ({
            name: `${bad.name} in ${field}`,
            payload: withField(field, bad.value),
            field,
          })),
          // Socket.IO sends JSON.stringify's text: 2^53 + 2 stands for the unsafe integers.
          ...[2 ** 31, 1e308, 2 ** 53 + 2, -1, 1.5].map((n) => ({
            name: `${n} in ${field}`,
            payload: withField(field, n),
            field,
          })),
          { name: `1,000 nested arrays in ${field}`, payload: withField(field, deep), field },
        ]),
        ...FORBIDDEN_KEYS.map((key) => ({
          name: `the key ${key}`,
          payload: JSON.parse(
            `{${JSON.stringify(key)}: {"x": 1}, ${JSON.stringify(base).slice(1)}`,
          ) as unknown,
          field: key,
        })),
        // Refused by the global pipe (field `body`) or by the gateway (`payload`).
        { name: 'a payload that is a string', payload: 'a\u0000b', field: null },
        { name: 'no payload object but an array', payload: [base], field: 'payload' },
      ];
    }

    it.each(Object.keys(EVENTS))(
      'answers every malformed %s with VALIDATION_FAILED and stays healthy',
      async (event) => {
        const admin = await createAdmin(t);
        const rooms = await t.http().get('/api/rooms').set(admin.auth).expect(200);
        const general = (rooms.body.items as { id: string; slug: string }[]).find(
          (room) => room.slug === 'general',
        );
        if (!general) throw new Error('No general room');
        const socket = await connect(url, admin.accessToken);
        clients.push(socket);
        expect((await emit(socket, 'room:join', { roomId: general.id })).ok).toBe(true);
        const messagesBefore = await countRows(t, 'messages');

        const problems: string[] = [];
        for (const c of socketCases(EVENTS[event](general.id))) {
          const ack = await emit(socket, event, c.payload);
          const named = c.field === null || ack.details?.some((d) => d.field === c.field);
          if (ack.ok || ack.code !== 'VALIDATION_FAILED' || !named) {
            problems.push(`${c.name}: ${JSON.stringify(ack).slice(0, 200)}`);
          }
        }
        expect(problems).toEqual([]);
        expect(await countRows(t, 'messages')).toBe(messagesBefore);

        // Still connected, and still served.
        expect(socket.connected).toBe(true);
        expect((await emit(socket, 'room:join', { roomId: general.id })).ok).toBe(true);
        const sent = await emit(socket, 'message:send', EVENTS['message:send'](general.id));
        expect(sent.ok).toBe(true);
      },
    );
  });
});

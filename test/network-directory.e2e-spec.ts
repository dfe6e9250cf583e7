import {
  createMember,
  createModerator,
  type MemberOptions,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

interface DirectoryMember {
  id: string;
  displayName: string;
  company: string;
  followerCount: number;
  followedByMe: boolean;
}

describe('Member directory and settings (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_SEARCH_PER_MINUTE: '20' });
  });
  afterAll(() => t.close());

  /** A member with a profile set through `PATCH /api/members/me` (so its tokens are stored). */
  async function memberWith(
    profile: Record<string, unknown>,
    options: MemberOptions = {},
  ): Promise<TestMember> {
    const member = await createMember(t, options);
    await t.http().patch('/api/members/me').set(member.auth).send(profile).expect(200);
    return member;
  }

  const directory = async (who: TestMember, query: string) =>
    (await t.http().get(`/api/members?${query}`).set(who.auth).expect(200)).body as {
      items: DirectoryMember[];
      nextCursor: string | null;
    };
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
  /** A word no other test uses, so a search finds only this test's members. */
  const unique = () => `u${Math.random().toString(36).slice(2, 10)}`;

  it('has settings with defaults, changed on PATCH /api/members/me', async () => {
    const me = await createMember(t);
    const mine = await t.http().get(`/api/members/${me.id}`).set(me.auth).expect(200);
    expect(mine.body).toMatchObject({ avatarUrl: null, followerCount: 0, followingCount: 0 });
    const patched = await t
      .http()
      .patch('/api/members/me')
      .set(me.auth)
      .send({ listedInDirectory: false, showCompany: false, dmFrom: 'following' })
      .expect(200);
    expect(patched.body).toMatchObject({
      listedInDirectory: false,
      showCompany: false,
      dmFrom: 'following',
    });
    for (const body of [
      { dmFrom: 'friends' },
      { dmFrom: null },
      { listedInDirectory: 'yes' },
      { showCompany: 1 },
      { listedInDirectory: null },
      { dmFrom: 'everyone\u0000' },
    ]) {
      const res = await t.http().patch('/api/members/me').set(me.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('lists listed members newest first, without the unlisted and the erased; suspended members stay', async () => {
    const word = unique();
    const older = await memberWith({ expertise: [word] });
    const unlisted = await memberWith({ expertise: [word], listedInDirectory: false });
    const erased = await memberWith({ expertise: [word] });
    const suspended = await memberWith({ expertise: [word] });
    await t
      .http()
      .delete('/api/members/me')
      .set(erased.auth)
      .send({ password: erased.password })
      .expect(204);
    await t.dataSource.query('UPDATE members SET suspended_until = $2 WHERE id = $1', [
      suspended.id,
      new Date(Date.now() + 86_400_000),
    ]);
    const reader = await createMember(t);
    const listed = await directory(reader, `expertise=${word}`);
    expect(ids(listed)).toEqual([suspended.id, older.id]);
    expect(ids(listed)).not.toContain(unlisted.id);

    // Every member is listed by default, newest first, and the list pages without repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const body = await directory(reader, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(body));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(reader.id);
  });

  it('filters by operator type, tier and expertise (case-insensitive)', async () => {
    const word = unique();
    const manager = await memberWith(
      { expertise: [word.toUpperCase()], operatorType: 'store_manager' },
      { operatorType: 'store_manager' },
    );
    const director = await memberWith(
      { expertise: [word], operatorType: 'operations_director' },
      { tier: 'golden_crown' },
    );
    const reader = await createMember(t);
    expect(ids(await directory(reader, `expertise=${word}`))).toEqual([director.id, manager.id]);
    expect(ids(await directory(reader, `expertise=${word.toUpperCase()}`))).toHaveLength(2);
    expect(ids(await directory(reader, `expertise=${word}&operatorType=store_manager`))).toEqual([
      manager.id,
    ]);
    expect(ids(await directory(reader, `expertise=${word}&tier=golden_crown`))).toEqual([
      director.id,
    ]);
    expect(ids(await directory(reader, `expertise=${word}&tier=standard`))).toEqual([manager.id]);
  });

  it('searches name, company and expertise in Chinese and English, best match first', async () => {
    const word = unique();
    const byCompany = await memberWith({
      displayName: `店长小王 ${word}x`,
      company: '杭州禾木家居电子商务有限公司',
      expertise: ['直通车'],
    });
    const byName = await memberWith({
      displayName: `Lily 禾木 ${word}`,
      company: 'Northwind Commerce',
      expertise: ['SEO'],
    });
    const reader = await createMember(t);
    // Chinese: a two-character piece inside the company or the name.
    expect(ids(await directory(reader, `q=${encodeURIComponent('禾木')}`)).slice(0, 2)).toEqual(
      expect.arrayContaining([byName.id, byCompany.id]),
    );
    const chinese = await directory(reader, `q=${encodeURIComponent(`禾木 ${word}`)}`);
    expect(ids(chinese)).toEqual([byName.id]);
    // English: a word of the company, case-insensitive.
    expect(ids(await directory(reader, `q=NORTHWIND%20${word}`))).toEqual([byName.id]);
    // Expertise, in Chinese.
    expect(ids(await directory(reader, `q=${encodeURIComponent(`直通车 ${word}x`)}`))).toEqual([
      byCompany.id,
    ]);
    // A match in the name ranks above one elsewhere; the exact name first.
    const exact = await memberWith({ displayName: `Rank ${word}`, company: 'x' });
    const elsewhere = await memberWith({ displayName: 'Someone', company: `Rank ${word} Ltd` });
    const inName = await memberWith({ displayName: `Rank ${word} Two`, company: 'x' });
    const ranked = await directory(reader, `q=${encodeURIComponent(`rank ${word}`)}`);
    expect(ids(ranked)).toEqual([exact.id, inName.id, elsewhere.id]);
    // Paged in the same order.
    const first = await directory(reader, `q=rank%20${word}&limit=2`);
    const rest = await directory(reader, `q=rank%20${word}&limit=2&cursor=${first.nextCursor}`);
    expect([...ids(first), ...ids(rest)]).toEqual(ids(ranked));
    // Nothing to search for: no results.
    expect(ids(await directory(reader, 'q=%21%21%21'))).toEqual([]);
  });

  it('hides a hidden company from everyone but the member and moderators, and from search', async () => {
    const word = unique();
    const company = `Secretco ${word}`;
    const member = await memberWith({ company, showCompany: false, expertise: [word] });
    const reader = await createMember(t);
    const moderator = await createModerator(t);

    const seen = async (who: TestMember | undefined) => {
      const req = t.http().get(`/api/members/${member.id}`);
      return ((await (who ? req.set(who.auth) : req).expect(200)).body as { company: string })
        .company;
    };
    expect(await seen(undefined)).toBe('');
    expect(await seen(reader)).toBe('');
    expect(await seen(member)).toBe(company);
    expect(await seen(moderator)).toBe(company);
    expect((await directory(reader, `expertise=${word}`)).items[0].company).toBe('');
    expect((await directory(moderator, `expertise=${word}`)).items[0].company).toBe(company);
    expect(ids(await directory(reader, `q=secretco%20${word}`))).toEqual([]);
    const me = await t.http().get('/api/members/me').set(member.auth).expect(200);
    expect(me.body.company).toBe(company);

    // Shown again: seen and searchable.
    await t
      .http()
      .patch('/api/members/me')
      .set(member.auth)
      .send({ showCompany: true })
      .expect(200);
    expect(await seen(reader)).toBe(company);
    expect(ids(await directory(reader, `q=secretco%20${word}`))).toEqual([member.id]);
  });

  it('tells a member whom they follow, in the directory', async () => {
    const word = unique();
    const other = await memberWith({ expertise: [word] });
    const reader = await createMember(t);
    await t.http().put(`/api/members/${other.id}/follow`).set(reader.auth).expect(200);
    expect((await directory(reader, `expertise=${word}`)).items[0]).toMatchObject({
      followedByMe: true,
      followerCount: 1,
    });
  });

  it('is for members only, and counts q against the search limit', async () => {
    expect((await t.http().get('/api/members').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const me = await createMember(t);
    for (let i = 0; i < 5; i++) await directory(me, 'limit=1');
    const limit = t.config.RATE_LIMIT_SEARCH_PER_MINUTE;
    for (let i = 0; i < limit; i++) await directory(me, `q=x${i}`);
    const over = await t.http().get('/api/members?q=more').set(me.auth).expect(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(over.headers['retry-after']).toBeDefined();
    // Without q, listing stays free.
    await directory(me, 'limit=1');
  });

  it('refuses malformed queries and forged cursors with 400', async () => {
    const me = await createMember(t);
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = [
      'q=',
      `q=${'a'.repeat(201)}`,
      'q=a%00b',
      'q[]=a',
      'operatorType=boss',
      'operatorType=%00',
      'tier=platinum',
      'expertise=',
      `expertise=${'e'.repeat(33)}`,
      'limit=0',
      'limit=101',
      'limit=1e400',
      'limit=abc',
      'cursor=not-a-cursor!',
      `cursor=${forged(['2026-02-31T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])}`,
      `cursor=${forged(['x', 'y'])}`,
      `cursor=${forged([2 ** 40, '2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])}`,
      `q=abc&cursor=${forged(['2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])}`,
      `cursor=${'a'.repeat(600)}`,
      'unknown=1',
    ];
    for (const query of bad) {
      const res = await t.http().get(`/api/members?${query}`).set(me.auth);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });
});

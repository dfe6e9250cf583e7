import { Injectable, Module } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { MemberBlockedEvent } from '../src/modules/blocks/blocks.events';
import { BlocksService } from '../src/modules/blocks/blocks.service';
import { countRows, createMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/** Records every `member.blocked` the app raises. */
@Injectable()
class BlockedEvents {
  readonly seen: MemberBlockedEvent[] = [];

  @OnEvent('member.blocked')
  onBlocked(event: MemberBlockedEvent): void {
    this.seen.push(event);
  }
}

@Module({ providers: [BlockedEvents] })
class BlockedEventsModule {}

describe('Blocks (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [BlockedEventsModule] });
  });
  afterAll(() => t.close());

  const events = () => t.app.get(BlockedEvents).seen;

  it('blocks and unblocks, idempotently, and lists own blocks latest first', async () => {
    const me = await createMember(t);
    const first = await createMember(t, { displayName: '第一个' });
    const second = await createMember(t);

    const put = await t.http().put(`/api/members/${first.id}/block`).set(me.auth).expect(200);
    expect(put.body).toEqual({ blocked: true });
    await t.http().put(`/api/members/${first.id}/block`).set(me.auth).expect(200);
    await t.http().put(`/api/members/${second.id}/block`).set(me.auth).expect(200);
    expect(await countRows(t, 'member_blocks', 'blocker_id = $1', [me.id])).toBe(2);

    const list = await t.http().get('/api/members/me/blocks').set(me.auth).expect(200);
    expect(list.body).toEqual({
      items: [
        { id: second.id, displayName: second.displayName, blockedAt: expect.any(String) },
        { id: first.id, displayName: '第一个', blockedAt: expect.any(String) },
      ],
      nextCursor: null,
    });

    const del = await t.http().delete(`/api/members/${first.id}/block`).set(me.auth).expect(200);
    expect(del.body).toEqual({ blocked: false });
    await t.http().delete(`/api/members/${first.id}/block`).set(me.auth).expect(200);
    const after = await t.http().get('/api/members/me/blocks').set(me.auth).expect(200);
    expect(after.body.items.map((item: { id: string }) => item.id)).toEqual([second.id]);
  });

  it('raises member.blocked once per new block, naming both members', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    const before = events().length;
    await t.http().put(`/api/members/${other.id}/block`).set(me.auth).expect(200);
    await t.http().put(`/api/members/${other.id}/block`).set(me.auth).expect(200);
    expect(events().slice(before)).toEqual([{ blockerId: me.id, blockedId: other.id }]);
  });

  it('is silent: the blocked member sees no block in their own list or profile', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    await t.http().put(`/api/members/${other.id}/block`).set(me.auth).expect(200);
    const theirs = await t.http().get('/api/members/me/blocks').set(other.auth).expect(200);
    expect(theirs.body.items).toEqual([]);
    const profile = await t.http().get(`/api/members/${me.id}`).set(other.auth).expect(200);
    expect(JSON.stringify(profile.body)).not.toMatch(/block/i);
    const notifications = await t.http().get('/api/notifications').set(other.auth).expect(200);
    expect(notifications.body.items).toEqual([]);
  });

  it('answers the service questions in both directions', async () => {
    const a = await createMember(t);
    const b = await createMember(t);
    const c = await createMember(t);
    await t.http().put(`/api/members/${b.id}/block`).set(a.auth).expect(200);
    await t.http().put(`/api/members/${a.id}/block`).set(c.auth).expect(200);
    const blocks = t.app.get(BlocksService);
    expect(await blocks.isBlockedEitherWay(a.id, b.id)).toBe(true);
    expect(await blocks.isBlockedEitherWay(b.id, a.id)).toBe(true);
    expect(await blocks.isBlockedEitherWay(b.id, c.id)).toBe(false);
    expect(await blocks.hasBlocked(a.id, b.id)).toBe(true);
    expect(await blocks.hasBlocked(b.id, a.id)).toBe(false);
    expect(await blocks.blockedIdsOf(a.id)).toEqual([b.id]);
    expect(await blocks.blockerIdsOf(a.id)).toEqual([c.id]);
    const relations = await blocks.relations(a.id, [b.id, c.id]);
    expect([...relations.blockedByMember]).toEqual([b.id]);
    expect([...relations.blockingMember]).toEqual([c.id]);
  });

  it('refuses blocking oneself (400), an unknown member (404) and malformed ids (400)', async () => {
    const me = await createMember(t);
    const self = await t.http().put(`/api/members/${me.id}/block`).set(me.auth).expect(400);
    expect(self.body.code).toBe('VALIDATION_FAILED');
    await t.http().delete(`/api/members/${me.id}/block`).set(me.auth).expect(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await t.http().put(`/api/members/${unknown}/block`).set(me.auth).expect(404)).body.code,
    ).toBe('NOT_FOUND');
    for (const id of ['nope', '%00', '1e400', `${'a'.repeat(5000)}`]) {
      const res = await t.http().put(`/api/members/${id}/block`).set(me.auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await t.http().put(`/api/members/${unknown}/block`).expect(401);
    await t.http().get('/api/members/me/blocks').expect(401);
  });

  it('lets a suspended member block and unblock', async () => {
    const me = await createMember(t, { suspendedUntil: new Date(Date.now() + 86_400_000) });
    const other = await createMember(t);
    await t.http().put(`/api/members/${other.id}/block`).set(me.auth).expect(200);
    await t.http().delete(`/api/members/${other.id}/block`).set(me.auth).expect(200);
  });

  it('exports the blocks a member made and erases blocks both ways', async () => {
    const me = await createMember(t);
    const other = await createMember(t);
    const blocker = await createMember(t);
    await t.http().put(`/api/members/${other.id}/block`).set(me.auth).expect(200);
    await t.http().put(`/api/members/${me.id}/block`).set(blocker.auth).expect(200);

    const exported = await t.http().get('/api/members/me/export').set(me.auth).expect(200);
    expect(exported.body.blocks).toEqual([{ memberId: other.id, createdAt: expect.any(String) }]);

    await t
      .http()
      .delete('/api/members/me')
      .set(me.auth)
      .send({ password: me.password })
      .expect(204);
    expect(await countRows(t, 'member_blocks', 'blocker_id = $1 OR blocked_id = $1', [me.id])).toBe(
      0,
    );
    // An erased member can no longer be blocked (they are gone).
    await t.http().put(`/api/members/${me.id}/block`).set(other.auth).expect(404);
  });
});

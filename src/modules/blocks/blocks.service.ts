import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { NotFoundError } from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { MembersService } from '../members/members.service';
import { SelfBlockError } from './blocks.errors';
import type { BlockedMemberDto, BlockStateDto } from './dto/block.dto';

/** Who blocked whom among a member and some others, in both directions. */
export interface BlockRelations {
  /** Of the others, those the member blocked. */
  blockedByMember: Set<string>;
  /** Of the others, those who blocked the member. */
  blockingMember: Set<string>;
}

/**
 * Blocks between members. A block is silent: nothing tells the blocked member, and the
 * features it stops (direct messages, mentions, following) ask here and refuse without
 * naming it to them. Blocking stays allowed while suspended.
 */
@Injectable()
export class BlocksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly events: DomainEventBus,
  ) {}

  /** Idempotent; `member.blocked` is raised (and awaited) only when the block is new. */
  async block(blocker: AuthMember, blockedId: string): Promise<BlockStateDto> {
    if (blocker.id === blockedId) throw new SelfBlockError();
    if (!(await this.members.findActive(blockedId))) throw new NotFoundError('Member');
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO member_blocks (blocker_id, blocked_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING blocker_id`,
      [blocker.id, blockedId],
    );
    if (inserted.length > 0) {
      await this.events.emitAndWait('member.blocked', { blockerId: blocker.id, blockedId });
    }
    return { blocked: true };
  }

  /** Idempotent; unblocking restores nothing the block ended (follows stay removed). */
  async unblock(blocker: AuthMember, blockedId: string): Promise<BlockStateDto> {
    if (blocker.id === blockedId) throw new SelfBlockError();
    await this.dataSource.query(
      'DELETE FROM member_blocks WHERE blocker_id = $1 AND blocked_id = $2',
      [blocker.id, blockedId],
    );
    return { blocked: false };
  }

  /** The members `memberId` blocked, latest block first. */
  async list(memberId: string): Promise<BlockedMemberDto[]> {
    const rows = await this.dataSource.query<
      { id: string; displayName: string; blockedAt: Date }[]
    >(
      `SELECT m.id, m.display_name AS "displayName", b.created_at AS "blockedAt"
       FROM member_blocks b JOIN members m ON m.id = b.blocked_id
       WHERE b.blocker_id = $1 AND m.erased_at IS NULL
       ORDER BY b.created_at DESC, m.id`,
      [memberId],
    );
    return rows.map((row) => ({
      id: row.id,
      displayName: row.displayName,
      blockedAt: row.blockedAt.toISOString(),
    }));
  }

  /** Whether `blockerId` blocked `blockedId` (one direction). */
  async hasBlocked(blockerId: string, blockedId: string, em?: EntityManager): Promise<boolean> {
    const rows = await (em ?? this.dataSource).query<unknown[]>(
      'SELECT 1 FROM member_blocks WHERE blocker_id = $1 AND blocked_id = $2',
      [blockerId, blockedId],
    );
    return rows.length > 0;
  }

  /** Whether either of the two blocked the other. */
  async isBlockedEitherWay(a: string, b: string, em?: EntityManager): Promise<boolean> {
    const rows = await (em ?? this.dataSource).query<unknown[]>(
      `SELECT 1 FROM member_blocks
       WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)`,
      [a, b],
    );
    return rows.length > 0;
  }

  /** The ids `memberId` blocked. */
  async blockedIdsOf(memberId: string, em?: EntityManager): Promise<string[]> {
    const rows = await (em ?? this.dataSource).query<{ id: string }[]>(
      'SELECT blocked_id AS id FROM member_blocks WHERE blocker_id = $1',
      [memberId],
    );
    return rows.map((row) => row.id);
  }

  /** The ids of those who blocked `memberId`. */
  async blockerIdsOf(memberId: string, em?: EntityManager): Promise<string[]> {
    const rows = await (em ?? this.dataSource).query<{ id: string }[]>(
      'SELECT blocker_id AS id FROM member_blocks WHERE blocked_id = $1',
      [memberId],
    );
    return rows.map((row) => row.id);
  }

  /** Blocks between `memberId` and each of `others`, both directions, in one query. */
  async relations(memberId: string, others: string[], em?: EntityManager): Promise<BlockRelations> {
    const relations: BlockRelations = { blockedByMember: new Set(), blockingMember: new Set() };
    if (others.length === 0) return relations;
    const rows = await (em ?? this.dataSource).query<{ blockerId: string; blockedId: string }[]>(
      `SELECT blocker_id AS "blockerId", blocked_id AS "blockedId" FROM member_blocks
       WHERE (blocker_id = $1 AND blocked_id = ANY($2::uuid[]))
          OR (blocked_id = $1 AND blocker_id = ANY($2::uuid[]))`,
      [memberId, others],
    );
    for (const row of rows) {
      if (row.blockerId === memberId) relations.blockedByMember.add(row.blockedId);
      else relations.blockingMember.add(row.blockerId);
    }
    return relations;
  }
}

import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { NotFoundError } from '../../common/errors/domain-error';
import type { DomainEvents } from '../../common/events/domain-events';
import { keysetRawPage, type KeysetOrder, type PageRequest } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import { BlockedError } from '../blocks/blocks.errors';
import { BlocksService } from '../blocks/blocks.service';
import type { PublicProfileDto } from '../members/dto/member.dto';
import { MembersService } from '../members/members.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { FollowedTagDto, FollowStateDto, TagFollowStateDto } from './dto/follow.dto';
import { MemberFollow } from './member-follow.entity';
import { FollowNotAllowedError, SelfFollowError } from './network.errors';
import { TagFollow } from './tag-follow.entity';

/** Followers and followed members: the latest follow first. */
const LATEST_FOLLOW_FIRST: KeysetOrder = {
  keys: [
    { sql: 'f.created_at', kind: 'time' },
    { sql: 'm.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/**
 * A follow tells the followed member (`new_follower`) unless they already have one from the
 * same follower that is unread or younger than this: unfollowing and following again does
 * not tell them again (at most once a day per follower, and never a second unread one).
 */
const NEW_FOLLOWER_ONCE_WITHIN_MS = 24 * 60 * 60 * 1000;

/**
 * Following members and tags. A follow is a write (rate-limited, refused while suspended,
 * by the routes); following is idempotent, and only a new follow tells the followed member
 * (`new_follower`, see `NEW_FOLLOWER_ONCE_WITHIN_MS`). A block between two members stops following both ways and ends the
 * follows there were (`member.blocked`).
 */
@Injectable()
export class FollowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly blocks: BlocksService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Refusals in this order: oneself (`400`), an unknown member (`404`), a member the caller
   * blocked (`403 BLOCKED`), a member who blocked the caller (`403 FOLLOW_NOT_ALLOWED`,
   * which names no block).
   */
  async follow(member: AuthMember, followedId: string): Promise<FollowStateDto> {
    if (member.id === followedId) throw new SelfFollowError();
    if (!(await this.members.findActive(followedId))) throw new NotFoundError('Member');
    const blocks = await this.blocks.relations(member.id, [followedId]);
    if (blocks.blockedByMember.has(followedId)) throw new BlockedError();
    if (blocks.blockingMember.has(followedId)) throw new FollowNotAllowedError();
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(MemberFollow)
      .values({ followerId: member.id, followedId })
      .orIgnore()
      .returning('follower_id')
      .execute();
    if ((inserted.raw as unknown[]).length > 0) {
      await this.notifications.notify({
        memberId: followedId,
        type: 'new_follower',
        actorId: member.id,
        data: { followerId: member.id },
        once: { key: 'followerId', value: member.id, withinMs: NEW_FOLLOWER_ONCE_WITHIN_MS },
      });
    }
    return { following: true, followerCount: await this.followerCount(followedId) };
  }

  /** Idempotent; unfollowing a member one does not follow changes nothing. */
  async unfollow(member: AuthMember, followedId: string): Promise<FollowStateDto> {
    if (member.id === followedId) throw new SelfFollowError();
    if (!(await this.members.findActive(followedId))) throw new NotFoundError('Member');
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(MemberFollow)
      .where({ followerId: member.id, followedId })
      .execute();
    return { following: false, followerCount: await this.followerCount(followedId) };
  }

  /** The members following `memberId`, the latest follow first. */
  followers(
    viewer: AuthMember,
    memberId: string,
    page: PageRequest,
  ): Promise<Page<PublicProfileDto>> {
    return this.listOf(viewer, memberId, page, 'followed_id', 'follower_id');
  }

  /** The members `memberId` follows, the latest follow first. */
  following(
    viewer: AuthMember,
    memberId: string,
    page: PageRequest,
  ): Promise<Page<PublicProfileDto>> {
    return this.listOf(viewer, memberId, page, 'follower_id', 'followed_id');
  }

  async followTag(member: AuthMember, tag: string): Promise<TagFollowStateDto> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(TagFollow)
      .values({ memberId: member.id, tag })
      .orIgnore()
      .execute();
    return { following: true };
  }

  async unfollowTag(member: AuthMember, tag: string): Promise<TagFollowStateDto> {
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(TagFollow)
      .where({ memberId: member.id, tag })
      .execute();
    return { following: false };
  }

  /** The tags the member follows, by name (a short list). */
  async followedTags(member: AuthMember): Promise<FollowedTagDto[]> {
    const rows = await this.dataSource
      .getRepository(TagFollow)
      .find({ where: { memberId: member.id }, order: { tag: 'ASC' } });
    return rows.map((row) => ({ name: row.tag, followedAt: row.createdAt.toISOString() }));
  }

  /** A block ends the follows between the two members, both ways (awaited by the block). */
  @OnEvent('member.blocked')
  async onBlocked({ blockerId, blockedId }: DomainEvents['member.blocked']): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM member_follows
        WHERE (follower_id = $1 AND followed_id = $2) OR (follower_id = $2 AND followed_id = $1)`,
      [blockerId, blockedId],
    );
  }

  private async followerCount(memberId: string): Promise<number> {
    return this.dataSource.getRepository(MemberFollow).countBy({ followedId: memberId });
  }

  /**
   * One page of the members on the other end of `memberId`'s follows: the page's ids in one
   * read, then their profiles (two more, whatever the page's length).
   */
  private async listOf(
    viewer: AuthMember,
    memberId: string,
    page: PageRequest,
    own: 'follower_id' | 'followed_id',
    other: 'follower_id' | 'followed_id',
  ): Promise<Page<PublicProfileDto>> {
    if (!(await this.members.findActive(memberId))) throw new NotFoundError('Member');
    const builder = this.dataSource
      .createQueryBuilder()
      .select('m.id', 'id')
      .from(MemberFollow, 'f')
      .innerJoin('members', 'm', `m.id = f.${other} AND m.erased_at IS NULL`)
      .where(`f.${own} = :memberId`, { memberId });
    const ids = await keysetRawPage(
      builder,
      LATEST_FOLLOW_FIRST,
      page,
      (row: { id: string }) => row.id,
    );
    const members = await this.members.findActiveByIds(ids.items);
    return {
      items: await this.members.publicProfiles(members, viewer),
      nextCursor: ids.nextCursor,
    };
  }
}

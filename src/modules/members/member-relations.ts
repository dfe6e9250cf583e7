import { ApiProperty } from '@nestjs/swagger';

/** What a member's profile says about follows: their counts, and whether the reader follows them. */
export class FollowFactsDto {
  @ApiProperty({ description: 'Members following this member' }) followerCount!: number;
  @ApiProperty({ description: 'Members this member follows' }) followingCount!: number;
  @ApiProperty({ description: 'Whether the caller follows this member (`false` for visitors)' })
  followedByMe!: boolean;
}

export const NO_FOLLOWS: FollowFactsDto = {
  followerCount: 0,
  followingCount: 0,
  followedByMe: false,
};

/**
 * The follows behind a profile, answered by the feature that owns them (the network module
 * provides it): the members feature shows them without knowing how follows are stored.
 * One call per list, whatever its length.
 */
export abstract class MemberRelations {
  /** The facts of each member of `memberIds` (missing ones have none), as `viewerId` reads them. */
  abstract followFacts(
    viewerId: string | undefined,
    memberIds: readonly string[],
  ): Promise<Map<string, FollowFactsDto>>;
}

/** What a member follows: the authors and the tags of their `feed=following`. */
export interface FollowedSourcesDto {
  memberIds: string[];
  tags: string[];
}

/**
 * Answered by the feature that owns follows (the network module provides it), so posts
 * build `feed=following` without knowing how follows are stored.
 */
export abstract class FollowedSources {
  abstract followedBy(memberId: string): Promise<FollowedSourcesDto>;
}

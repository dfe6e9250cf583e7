import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/domain-error';
import type { Role, Tier } from '../../common/auth/roles';
import type { CommentResponseDto } from '../posts/dto/comment.dto';
import { PostVisibilityService } from '../posts/post-visibility.service';
import { VISIBILITIES, visibleLevels, type Visibility } from '../posts/post.types';
import { DiscussionServer } from './discussion-server';

/**
 * The channel of a post's watchers who see up to `audience`: the widest visibility their
 * rights open (`members` for a standard member, `golden_crown` for the Golden Crown,
 * moderators and admins). Every process uses these names, so a broadcast reaches the
 * watchers of every process through the Redis adapter.
 */
export const postChannel = (postId: string, audience: Visibility): string =>
  `post:${postId}:${audience}`;

/** The audience a member watches with: the widest visibility they see now. */
export function audienceOf(member: { role: Role; tier: Tier }): Visibility {
  const levels = visibleLevels(member);
  return levels[levels.length - 1];
}

/** The audiences that see a post of `visibility`: the ones at least as wide. */
const audiencesSeeing = (visibility: Visibility): Visibility[] =>
  VISIBILITIES.slice(VISIBILITIES.indexOf(visibility));

/** What `join`/`leave` need of a socket, local (`Socket`) or fetched (`RemoteSocket`). */
interface WatchingSocket {
  rooms: Set<string>;
  join(channel: string): unknown;
  leave(channel: string): unknown;
}

/** `post:<id>:<audience>` → the post's id and the audience. */
function parseChannel(channel: string): { postId: string; audience: Visibility } | null {
  const [kind, postId, audience] = channel.split(':');
  return kind === 'post' && postId && VISIBILITIES.includes(audience as Visibility)
    ? { postId, audience: audience as Visibility }
    : null;
}

/**
 * Members following an open post. A watcher's socket is in one channel per post, named by
 * the audience their rights give (`audienceOf`). Each broadcast reads the post once, at
 * send time, and goes only to the audiences that see it then: a post that became Golden
 * Crown no longer reaches standard members; a deleted or hidden one reaches nobody. When a
 * member's rights change (`member.changed`), their sockets move to the audience those rights
 * give now (`regroup`), so a Golden Crown member who loses the tier stops getting a Golden
 * Crown post's updates.
 */
@Injectable()
export class PostWatchers {
  constructor(
    private readonly server: DiscussionServer,
    private readonly visibility: PostVisibilityService,
  ) {}

  /** Starts watching a post the member sees now; `NOT_FOUND` otherwise (as over HTTP). */
  async watch(
    socket: WatchingSocket,
    member: { role: Role; tier: Tier },
    postId: string,
  ): Promise<void> {
    const post = await this.visibility.liveState(postId);
    if (!post || !visibleLevels(member).includes(post.visibility)) {
      throw new NotFoundError('Post');
    }
    await this.unwatch(socket, postId);
    await socket.join(postChannel(postId, audienceOf(member)));
  }

  async unwatch(socket: WatchingSocket, postId: string): Promise<void> {
    for (const audience of VISIBILITIES) await socket.leave(postChannel(postId, audience));
  }

  /** Moves a socket's watches to the audience the member's current rights give. */
  async regroup(socket: WatchingSocket, member: { role: Role; tier: Tier }): Promise<void> {
    const audience = audienceOf(member);
    for (const channel of [...socket.rooms]) {
      const watched = parseChannel(channel);
      if (watched && watched.audience !== audience) {
        await socket.leave(channel);
        await socket.join(postChannel(watched.postId, audience));
      }
    }
  }

  /** A new comment, to the watchers of its post who may see it now. */
  async sendComment(comment: CommentResponseDto): Promise<void> {
    const watchers = await this.watchersNow(comment.postId);
    watchers?.to.emit('comment:new', comment);
  }

  /** A post's like count as it is now, to the watchers who may see the post now. */
  async sendLikes(postId: string): Promise<void> {
    const watchers = await this.watchersNow(postId);
    watchers?.to.emit('post:likes', { postId, likeCount: watchers.likeCount });
  }

  /**
   * The channels of the audiences that see the post at this moment (one read), with its
   * like count; `null` when nobody may be told (a removed or unknown post, no sockets here).
   */
  private async watchersNow(postId: string) {
    const nsp = this.server.nsp;
    if (!nsp) return null;
    const post = await this.visibility.liveState(postId);
    if (!post) return null;
    const channels = audiencesSeeing(post.visibility).map((audience) =>
      postChannel(postId, audience),
    );
    return { to: nsp.to(channels), likeCount: post.likeCount };
  }
}

import type { CommentResponseDto } from './dto/comment.dto';

/** A comment or reply was written (after commit); the notifications feature listens. */
export interface PostCommentedEvent {
  postId: string;
  postTitle: string;
  commentId: string;
  commentAuthorId: string;
  postAuthorId: string;
  /** The author of the comment replied to; `null` for a top-level comment. */
  parentCommentAuthorId: string | null;
}

/**
 * A comment was stored (after commit), as the comments list shows it to a member (no
 * moderator's flags); the discussion feature sends it to the post's watchers.
 */
export interface PostCommentCreatedEvent {
  comment: CommentResponseDto;
}

/** A post's like count changed (after commit); its watchers are told the count at send time. */
export interface PostLikesChangedEvent {
  postId: string;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'post.commented': PostCommentedEvent;
    'post.comment.created': PostCommentCreatedEvent;
    'post.likes.changed': PostLikesChangedEvent;
  }
}

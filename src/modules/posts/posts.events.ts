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

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'post.commented': PostCommentedEvent;
  }
}

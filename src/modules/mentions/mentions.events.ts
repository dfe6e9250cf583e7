/** What a mention is in: a post, a comment on one, or a message in a room or conversation. */
export type MentionedIn =
  | { kind: 'post'; postId: string; commentId?: string }
  | { kind: 'message'; roomId: string; messageId: string };

/**
 * A stored text mentions members it did not mention before (after commit): a new post,
 * comment or message, or an edit that added names. The notifications feature decides who is
 * told (not the author, not across a block, only who may see the content).
 */
export interface ContentMentionedEvent {
  authorId: string;
  /** Newly mentioned members, at most ten, in order of appearance. */
  memberIds: string[];
  about: MentionedIn;
  /** What the notification links and describes (`postId`, `postTitle`, `commentId`, …). */
  data: Record<string, unknown>;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'content.mentioned': ContentMentionedEvent;
  }
}

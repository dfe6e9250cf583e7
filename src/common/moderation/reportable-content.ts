import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { AuthMember } from '../auth/auth-member';

/** What a report needs to know about its target. */
export interface ReportableTarget {
  id: string;
  authorId: string;
}

/**
 * Where reported content lives: the post (a comment's, or the post itself), the chat room, or
 * the direct conversation (which moderators cannot open: they see the report's context).
 */
export interface ReportedContentPlace {
  type: 'post' | 'room' | 'conversation';
  id: string;
  /** The post's title, the room's name, or the conversation's members' names. */
  title: string;
}

/** One of the messages before a reported one, as the moderator sees it beside the report. */
export interface ReportedContextMessage {
  id: string;
  seq: number;
  authorId: string;
  /** `null` for a deleted message (a tombstone). */
  text: string | null;
  createdAt: string;
}

/** Reported content as a moderator reads it in the queue, hidden and deleted content included. */
export interface ReportedContent {
  id: string;
  authorId: string;
  /** Plain text to judge it by: a post's excerpt, a comment's text (cut when long), a message. */
  text: string;
  place: ReportedContentPlace;
  /** `deleted` by its author, `hidden` by a moderator, `null` while members see it. */
  removed: 'deleted' | 'hidden' | null;
  /** A reported message: the five messages before it in its room or conversation. */
  context?: ReportedContextMessage[];
}

/**
 * What moderation needs of a kind of content that members can report. Each feature
 * implements one per kind next to its own code and marks it `@ReportableContentSource()`;
 * the moderation module finds them by their `type`, so it imports no feature's service.
 */
export interface ReportableContent {
  /** The report's `targetType` this content answers for (`post`, `comment`, …). */
  readonly type: string;
  /** The content, if it exists, is not removed, and the reporter may see it; else `null`. */
  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null>;
  /** Hides it for members (moderators still see it); `false` when it is gone. */
  hide(em: EntityManager, id: string, moderatorId: string): Promise<boolean>;
  /** The moderators' view of these ids; an id that no longer exists is left out. */
  describe(ids: readonly string[]): Promise<Map<string, ReportedContent>>;
  /** Runs after the hiding transaction committed (live updates). */
  afterHide?(id: string): Promise<void> | void;
}

/** Marks a provider as a `ReportableContent`, for `DiscoveryService.getProviders`. */
export const ReportableContentSource = DiscoveryService.createDecorator<void>();

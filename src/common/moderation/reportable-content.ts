import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { AuthMember } from '../auth/auth-member';

/** What a report needs to know about its target. */
export interface ReportableTarget {
  id: string;
  authorId: string;
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
  /** Runs after the hiding transaction committed (live updates). */
  afterHide?(id: string): Promise<void> | void;
}

/** Marks a provider as a `ReportableContent`, for `DiscoveryService.getProviders`. */
export const ReportableContentSource = DiscoveryService.createDecorator<void>();

import type { EntityManager } from 'typeorm';
import type { AuthMember } from '../../../common/auth/auth-member';
import type { ReportTargetType } from '../report.entity';

export interface ReportableTarget {
  id: string;
  authorId: string;
}

/**
 * What moderation needs of a kind of content, implemented next to the feature's exported
 * service: find it (as a member may see it), and hide it inside the moderator's transaction.
 */
export interface ReportableContent {
  readonly type: ReportTargetType;
  /** The content, if it exists, is not removed, and the reporter may see it; else `null`. */
  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null>;
  /** Hides it for members (moderators still see it); `false` when it is gone. */
  hide(em: EntityManager, id: string, moderatorId: string): Promise<boolean>;
  /** Runs after the hiding transaction committed (live updates). */
  afterHide?(id: string): Promise<void> | void;
}

export const REPORTABLE_CONTENT = Symbol('REPORTABLE_CONTENT');

import type { MigrationInterface } from 'typeorm';
import type { AppConfig } from '../../config/env.schema';
import { CreateMembersAndSessions1795829158112 } from './1795829158112-create-members-and-sessions';
import { CreateMembershipApplications1795829568416 } from './1795829568416-create-membership-applications';
import { CreatePosts1795829597449 } from './1795829597449-create-posts';
import { CreateRoomsAndMessages1795829609536 } from './1795829609536-create-rooms-and-messages';
import { CreateNotificationsAndReports1795829985889 } from './1795829985889-create-notifications-and-reports';
import { AddPostSearchWeights1796000612934 } from './1796000612934-add-post-search-weights';
import { AddPostExcerptsAndTagSearch1796100000000 } from './1796100000000-add-post-excerpts-and-tag-search';
import { AddEditedAt1796200000000 } from './1796200000000-add-edited-at';
import { CreateJobRunsAndMailOutbox1796300000000 } from './1796300000000-create-job-runs-and-mail-outbox';
import { AddLocaleAndPasswordResets1796400000000 } from './1796400000000-add-locale-and-password-resets';
import { AddEmailVerification1796500000000 } from './1796500000000-add-email-verification';
import { CreateEmailPreferences1796600000000 } from './1796600000000-create-email-preferences';
import { CreateNotificationMailMarks1796600000001 } from './1796600000001-create-notification-mail-marks';
import { CreateMailSuppressions1796700000000 } from './1796700000000-create-mail-suppressions';
import { AddDirectoryFollowsAndBookmarks1796800000000 } from './1796800000000-add-directory-follows-and-bookmarks';
import { AddDirectoryFilterIndexes1796800000001 } from './1796800000001-add-directory-filter-indexes';
import { CreateMemberBlocks1796900000000 } from './1796900000000-create-member-blocks';
import { CreateConversations1796900000100 } from './1796900000100-create-conversations';
import { AddMentions1797000000000 } from './1797000000000-add-mentions';
import { CreateUploads1797200000000 } from './1797200000000-create-uploads';
import { AddGoldenCrownCommitteeAndTerm1797400000000 } from './1797400000000-add-golden-crown-committee-and-term';
import { AddDashboardIndexesAndPrecheckRefusals1797600000000 } from './1797600000000-add-dashboard-indexes-and-precheck-refusals';

/** What migrations read from the configuration (validated like the server's, never `process.env`). */
export type MigrationSettings = Pick<AppConfig, 'GOLDEN_CROWN_TERM_DAYS'>;

/** A migration as TypeORM builds it: a class constructed without arguments. */
export type MigrationClass = new () => MigrationInterface;

/** Every migration, oldest first, given the configuration. A new migration is added here as well. */
export const migrations = (settings: MigrationSettings): MigrationClass[] => [
  CreateMembersAndSessions1795829158112,
  CreateMembershipApplications1795829568416,
  CreatePosts1795829597449,
  CreateRoomsAndMessages1795829609536,
  CreateNotificationsAndReports1795829985889,
  AddPostSearchWeights1796000612934,
  AddPostExcerptsAndTagSearch1796100000000,
  AddEditedAt1796200000000,
  CreateJobRunsAndMailOutbox1796300000000,
  AddLocaleAndPasswordResets1796400000000,
  AddEmailVerification1796500000000,
  CreateEmailPreferences1796600000000,
  CreateNotificationMailMarks1796600000001,
  CreateMailSuppressions1796700000000,
  AddDirectoryFollowsAndBookmarks1796800000000,
  AddDirectoryFilterIndexes1796800000001,
  CreateMemberBlocks1796900000000,
  CreateConversations1796900000100,
  AddMentions1797000000000,
  CreateUploads1797200000000,
  AddGoldenCrownCommitteeAndTerm1797400000000.withTermDays(settings.GOLDEN_CROWN_TERM_DAYS),
  AddDashboardIndexesAndPrecheckRefusals1797600000000,
];

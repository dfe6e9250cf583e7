import type { MixedList } from 'typeorm';
import { CreateMembersAndSessions1795829158112 } from './1795829158112-create-members-and-sessions';
import { CreateMembershipApplications1795829568416 } from './1795829568416-create-membership-applications';

/** Every migration, oldest first. A new migration is added here as well. */
export const MIGRATIONS: MixedList<Function> = [
  CreateMembersAndSessions1795829158112,
  CreateMembershipApplications1795829568416,
];

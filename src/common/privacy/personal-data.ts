import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const PERSONAL_DATA_SOURCE = 'personalDataSource';

/**
 * What a feature holds about a member, for the privacy feature's export and erasure.
 * Each feature implements one next to its own code and marks it `@PersonalDataSource()`;
 * the privacy module finds them all, so a new feature cannot be forgotten by a list.
 */
export interface PersonalData {
  /** The key of this feature's part of the export (`posts`, `applications`, …). */
  readonly section: string;
  /** Everything held about the member, as plain JSON. */
  export(memberId: string): Promise<unknown>;
  /**
   * Inside the erasure's transaction: delete or anonymise personal data, keeping
   * community content (shown under "deleted member").
   */
  erase(em: EntityManager, memberId: string): Promise<void>;
}

export const PersonalDataSource = (): ClassDecorator => SetMetadata(PERSONAL_DATA_SOURCE, true);

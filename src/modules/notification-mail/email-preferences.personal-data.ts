import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { EmailPreferences } from './email-preferences.entity';
import { DEFAULT_DIGEST, effectiveKinds } from './email-preferences';

/**
 * A member's mail choices and their digest's times (the language is in the profile). The
 * mail itself is the mail feature's section. Erasure deletes the row.
 */
@Injectable()
@PersonalDataSource()
export class EmailPreferencesPersonalData implements PersonalData {
  readonly section = 'emailPreferences';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(memberId: string): Promise<unknown> {
    const stored = await this.dataSource.manager.findOneBy(EmailPreferences, { memberId });
    return {
      digest: stored?.digest ?? DEFAULT_DIGEST,
      kinds: effectiveKinds(stored?.kinds),
      lastDigestAt: stored?.lastDigestAt?.toISOString() ?? null,
      updatedAt: stored?.updatedAt.toISOString() ?? null,
    };
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(EmailPreferences, { memberId });
  }
}

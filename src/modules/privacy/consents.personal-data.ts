import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { Consent } from './consent.entity';

@Injectable()
@PersonalDataSource()
export class ConsentsPersonalData implements PersonalData {
  readonly section = 'consents';

  constructor(@InjectRepository(Consent) private readonly consents: Repository<Consent>) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.consents.find({ where: { memberId }, order: { consentedAt: 'ASC' } });
    return rows.map((consent) => ({
      id: consent.id,
      agreementVersion: consent.agreementVersion,
      purpose: consent.purpose,
      subjectId: consent.subjectId,
      consentedAt: consent.consentedAt.toISOString(),
    }));
  }

  /**
   * Consents are the record that the member agreed, and hold nothing that identifies them
   * once the profile is erased: they stay.
   */
  async erase(): Promise<void> {}
}

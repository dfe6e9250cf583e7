import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '../../common/i18n/language';
import { Consent, type ConsentPurpose } from './consent.entity';
import { CURRENT_PRIVACY_AGREEMENT } from './privacy-agreement';
import type { PrivacyAgreementDto } from './dto/privacy-agreement.dto';

export interface NewConsent {
  memberId: string;
  agreementVersion: string;
  purpose: ConsentPurpose;
  subjectId?: string | null;
}

/** The privacy agreement and the record of consents to it. */
@Injectable()
export class PrivacyService {
  currentAgreementVersion(): string {
    return CURRENT_PRIVACY_AGREEMENT.version;
  }

  agreement(language: Language): PrivacyAgreementDto {
    const { title, body } = CURRENT_PRIVACY_AGREEMENT.text[language];
    return { version: CURRENT_PRIVACY_AGREEMENT.version, title, body };
  }

  /**
   * Records a consent inside the caller's transaction, so it exists exactly when the
   * record it was given with does.
   */
  async recordConsent(em: EntityManager, consent: NewConsent): Promise<void> {
    await em.insert(Consent, { ...consent, subjectId: consent.subjectId ?? null });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { MailSuppression } from './mail-suppression.entity';

/**
 * Refused addresses whose refused mail was for the member. Erasure deletes them (an address
 * is personal data; should it register again and still refuse mail, the server's next 5xx
 * records it anew).
 */
@Injectable()
@PersonalDataSource()
export class MailSuppressionsPersonalData implements PersonalData {
  readonly section = 'mailSuppressions';

  constructor(
    @InjectRepository(MailSuppression) private readonly suppressions: Repository<MailSuppression>,
  ) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.suppressions.find({
      where: { memberId },
      order: { firstRefusedAt: 'ASC' },
    });
    return rows.map((row) => ({
      address: row.address,
      code: row.code,
      reason: row.reason,
      firstRefusedAt: row.firstRefusedAt.toISOString(),
      lastRefusedAt: row.lastRefusedAt.toISOString(),
    }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(MailSuppression, { memberId });
  }
}

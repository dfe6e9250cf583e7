import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { EmailToken } from './email-token.entity';

/**
 * The verification and email change links mailed to the member: which address, what for,
 * when, and whether used; never the token (only its hash is held, and that stays out too).
 * Erasure deletes them.
 */
@Injectable()
@PersonalDataSource()
export class EmailTokensPersonalData implements PersonalData {
  readonly section = 'emailLinks';

  constructor(@InjectRepository(EmailToken) private readonly tokens: Repository<EmailToken>) {}

  async export(memberId: string): Promise<unknown> {
    const tokens = await this.tokens.find({ where: { memberId }, order: { createdAt: 'ASC' } });
    return tokens.map((token) => ({
      purpose: token.purpose,
      email: token.email,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt.toISOString(),
      usedAt: token.usedAt?.toISOString() ?? null,
    }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(EmailToken, { memberId });
  }
}

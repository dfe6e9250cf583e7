import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { PasswordResetToken } from './password-reset-token.entity';
import { AuthSession } from './session.entity';

@Injectable()
@PersonalDataSource()
export class AuthPersonalData implements PersonalData {
  readonly section = 'sessions';

  constructor(@InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>) {}

  async export(memberId: string): Promise<unknown> {
    const sessions = await this.sessions.find({ where: { memberId }, order: { createdAt: 'ASC' } });
    return sessions.map((session) => ({
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      revokedAt: session.revokedAt?.toISOString() ?? null,
      revokedReason: session.revokedReason,
    }));
  }

  /**
   * Sessions and their refresh tokens go (cascade): every token of the member is dead. So
   * do password reset tokens (the member row stays, so no cascade takes them).
   */
  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(AuthSession, { memberId });
    await em.delete(PasswordResetToken, { memberId });
  }
}

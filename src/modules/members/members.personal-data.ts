import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { DELETED_MEMBER_NAME, toModeratedMember } from './dto/member.dto';
import { Member } from './member.entity';

@Injectable()
@PersonalDataSource()
export class MembersPersonalData implements PersonalData {
  readonly section = 'profile';

  constructor(@InjectRepository(Member) private readonly members: Repository<Member>) {}

  async export(memberId: string): Promise<unknown> {
    const member = await this.members.findOneBy({ id: memberId });
    return member ? toModeratedMember(member) : null;
  }

  /** Keeps the row (content points at it) without anything that identifies the person. */
  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.update(
      Member,
      { id: memberId },
      {
        email: null,
        passwordHash: null,
        displayName: DELETED_MEMBER_NAME,
        bio: '',
        company: '',
        operatorType: null,
        expertise: [],
        searchTokens: [],
        nameTokens: [],
        suspensionReason: null,
        emailVerifiedAt: null,
        verificationResentAt: null,
        goldenCrownUntil: null,
        erasedAt: () => 'now()',
      },
    );
  }
}

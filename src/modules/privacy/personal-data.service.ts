import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { PERSONAL_DATA_SOURCE, type PersonalData } from '../../common/privacy/personal-data';
import { AuthService } from '../auth/auth.service';
import { SessionsService } from '../auth/sessions.service';
import { MembersService } from '../members/members.service';
import { AuditLogService } from '../audit/audit-log.service';
import { PasswordIncorrectError } from './privacy.errors';

export interface MemberExport {
  exportedAt: string;
  memberId: string;
  [section: string]: unknown;
}

/**
 * The member's right to their data: everything held about them in one export, and an
 * erasure that removes personal data while community content stays under "deleted member".
 * The parts come from every provider marked `@PersonalDataSource()`.
 */
@Injectable()
export class PersonalDataService implements OnModuleInit {
  private sources: PersonalData[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly sessions: SessionsService,
    private readonly auth: AuthService,
    private readonly audit: AuditLogService,
  ) {}

  onModuleInit(): void {
    const found = this.discovery
      .getProviders()
      .filter(
        (wrapper) =>
          wrapper.metatype !== undefined &&
          wrapper.metatype !== null &&
          wrapper.instance !== undefined &&
          Reflect.getMetadata(PERSONAL_DATA_SOURCE, wrapper.metatype) === true,
      )
      .map((wrapper) => wrapper.instance as PersonalData);
    this.sources = [...new Map(found.map((source) => [source.section, source])).values()];
  }

  /** The names of the export's sections (for tests and the API description). */
  sections(): string[] {
    return this.sources.map((source) => source.section).sort();
  }

  async export(member: AuthMember): Promise<MemberExport> {
    const parts = await Promise.all(
      this.sources.map(async (source) => [source.section, await source.export(member.id)] as const),
    );
    return {
      exportedAt: new Date().toISOString(),
      memberId: member.id,
      ...Object.fromEntries(parts),
    };
  }

  /**
   * Erases the account in one transaction, once the member's own password is confirmed
   * (a wrong one erases nothing and counts toward the login lockout); every token of the
   * member fails from then on.
   */
  async erase(member: AuthMember, password: string, ip: string): Promise<void> {
    if (!(await this.auth.checkOwnPassword(member.id, password, ip))) {
      throw new PasswordIncorrectError();
    }
    await this.dataSource.transaction(async (em) => {
      for (const source of this.sources) await source.erase(em, member.id);
      await this.audit.record(em, {
        actorId: member.id,
        action: 'member.erased',
        targetType: 'member',
        targetId: member.id,
        detail: { sections: this.sections() },
      });
    });
    await this.members.changed(member.id);
    await this.sessions.announceRevokedAll(member.id);
  }
}

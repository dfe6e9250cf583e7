import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ApplicationHistoryEntry } from './application-history.entity';
import { toApplicationDto, type ApplicationDto } from './dto/application-response.dto';
import { MembershipApplication } from './membership-application.entity';

/**
 * Reads applications with their history for answers: two queries whatever the number
 * of applications. Never used inside a transaction (it reads through its repositories).
 */
@Injectable()
export class ApplicationQueries {
  constructor(
    @InjectRepository(MembershipApplication)
    private readonly applications: Repository<MembershipApplication>,
    @InjectRepository(ApplicationHistoryEntry)
    private readonly history: Repository<ApplicationHistoryEntry>,
  ) {}

  findById(id: string): Promise<MembershipApplication | null> {
    return this.applications.findOneBy({ id });
  }

  async toDtos(applications: MembershipApplication[]): Promise<ApplicationDto[]> {
    if (applications.length === 0) return [];
    const entries = await this.history.find({
      where: { applicationId: In(applications.map((application) => application.id)) },
      order: { at: 'ASC', id: 'ASC' },
    });
    const byApplication = new Map<string, ApplicationHistoryEntry[]>();
    for (const entry of entries) {
      const list = byApplication.get(entry.applicationId) ?? [];
      list.push(entry);
      byApplication.set(entry.applicationId, list);
    }
    return applications.map((application) =>
      toApplicationDto(application, byApplication.get(application.id) ?? []),
    );
  }

  async toDto(application: MembershipApplication): Promise<ApplicationDto> {
    const [dto] = await this.toDtos([application]);
    return dto;
  }

  /** Re-reads an application after a change, for the answer. */
  async dtoById(id: string): Promise<ApplicationDto> {
    const application = await this.applications.findOneByOrFail({ id });
    return this.toDto(application);
  }
}

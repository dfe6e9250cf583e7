import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { UploadsService } from '../uploads/uploads.service';
import { ApplicationHistoryEntry } from './application-history.entity';
import { ApplicationVote } from './application-vote.entity';
import { toApplicationDto, type ApplicationDto } from './dto/application-response.dto';
import { MembershipApplication } from './membership-application.entity';

/**
 * Reads applications with their history, votes and evidence for answers: four queries
 * whatever the number of applications. Never used inside a transaction (it reads through its repositories).
 */
@Injectable()
export class ApplicationQueries {
  constructor(
    @InjectRepository(MembershipApplication)
    private readonly applications: Repository<MembershipApplication>,
    @InjectRepository(ApplicationHistoryEntry)
    private readonly history: Repository<ApplicationHistoryEntry>,
    @InjectRepository(ApplicationVote)
    private readonly votes: Repository<ApplicationVote>,
    private readonly config: AppConfigService,
    private readonly uploads: UploadsService,
  ) {}

  findById(id: string): Promise<MembershipApplication | null> {
    return this.applications.findOneBy({ id });
  }

  async toDtos(applications: MembershipApplication[]): Promise<ApplicationDto[]> {
    if (applications.length === 0) return [];
    const ids = In(applications.map((application) => application.id));
    const [entries, votes, evidence] = await Promise.all([
      this.history.find({ where: { applicationId: ids }, order: { at: 'ASC', id: 'ASC' } }),
      this.votes.find({ where: { applicationId: ids }, order: { at: 'ASC', moderatorId: 'ASC' } }),
      this.uploads.evidenceOf(applications.map((application) => application.id)),
    ]);
    const approvalsRequired = this.config.get('GOLDEN_CROWN_APPROVALS_REQUIRED');
    return applications.map((application) =>
      toApplicationDto(
        application,
        entries.filter((entry) => entry.applicationId === application.id),
        votes.filter((vote) => vote.applicationId === application.id),
        approvalsRequired,
        evidence.get(application.id) ?? [],
      ),
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

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { toReportResponse } from './dto/moderation.dto';
import { Report } from './report.entity';

/** Reports the member made. (Reports about their content belong to the reporters.) */
@Injectable()
@PersonalDataSource()
export class ReportsPersonalData implements PersonalData {
  readonly section = 'reports';

  constructor(@InjectRepository(Report) private readonly reports: Repository<Report>) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.reports.find({
      where: { reporterId: memberId },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toReportResponse);
  }

  /** The report stays for the moderators' record; the reporter's words go. */
  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.update(Report, { reporterId: memberId }, { reason: '' });
  }
}

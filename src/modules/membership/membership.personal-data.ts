import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { ApplicationHistoryEntry } from './application-history.entity';
import { ApplicationQueries } from './application-queries';
import { GoldenCrownReminder } from './golden-crown-reminder.entity';
import { MembershipApplication } from './membership-application.entity';

/**
 * The member's Golden Crown applications. On erasure a pending one is withdrawn, and the
 * figures and words of every one are wiped; the status trail stays for the moderators.
 */
@Injectable()
@PersonalDataSource()
export class MembershipPersonalData implements PersonalData {
  readonly section = 'applications';

  constructor(
    @InjectRepository(MembershipApplication)
    private readonly applications: Repository<MembershipApplication>,
    private readonly queries: ApplicationQueries,
  ) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.applications.find({
      where: { applicantId: memberId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return this.queries.toDtos(rows);
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    const pending = await em.find(MembershipApplication, {
      where: { applicantId: memberId, status: 'pending' },
    });
    for (const application of pending) {
      await em.update(MembershipApplication, { id: application.id }, { status: 'withdrawn' });
      await em.insert(ApplicationHistoryEntry, {
        applicationId: application.id,
        status: 'withdrawn',
        actorId: memberId,
      });
    }
    await em.update(
      MembershipApplication,
      { applicantId: memberId },
      { companyName: '', jobTitle: '', motivation: '', annualTurnoverCny: 0 },
    );
  }
}

/**
 * The reminders of a term's end sent to the member (the term itself, `goldenCrownUntil`, is
 * in the profile section); erasure deletes them.
 */
@Injectable()
@PersonalDataSource()
export class GoldenCrownTermPersonalData implements PersonalData {
  readonly section = 'goldenCrownReminders';

  constructor(
    @InjectRepository(GoldenCrownReminder)
    private readonly reminders: Repository<GoldenCrownReminder>,
  ) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.reminders.find({
      where: { memberId },
      order: { sentAt: 'ASC', daysBefore: 'DESC' },
    });
    return rows.map((row) => ({
      termUntil: row.termUntil.toISOString(),
      daysBefore: row.daysBefore,
      sentAt: row.sentAt.toISOString(),
    }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(GoldenCrownReminder, { memberId });
  }
}

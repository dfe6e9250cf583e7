import { Injectable } from '@nestjs/common';
import {
  everyMinutes,
  ScheduledJobSource,
  type ScheduledJob,
} from '../../common/jobs/scheduled-job';
import { GoldenCrownTermService } from './golden-crown-term.service';

/**
 * Every minute: terms that ended lapse, and terms ending within 30 or 7 days get their
 * reminder. A sweep over `members.golden_crown_until`, so a run missed while the servers
 * were down is caught up by the next.
 */
@Injectable()
@ScheduledJobSource()
export class GoldenCrownTermsJob implements ScheduledJob {
  readonly name = 'golden-crown.terms';
  readonly schedule = everyMinutes(1);

  constructor(private readonly terms: GoldenCrownTermService) {}

  async run(now: Date): Promise<void> {
    await this.terms.lapseDue(now);
    await this.terms.remindDue(now);
  }
}

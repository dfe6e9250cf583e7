import { Injectable } from '@nestjs/common';
import {
  everyMinutes,
  ScheduledJobSource,
  type ScheduledJob,
} from '../../common/jobs/scheduled-job';
import { UploadsService } from './uploads.service';

/**
 * Hourly: uploads no post, comment, profile or application has used for 24 hours, and
 * Golden Crown evidence past its retention after the decision, are deleted, then their
 * bytes from the store. A sweep over the tables, so a missed hour is caught up.
 */
@Injectable()
@ScheduledJobSource()
export class UploadsCleanupJob implements ScheduledJob {
  readonly name = 'uploads.cleanup';
  readonly schedule = everyMinutes(60);

  constructor(private readonly uploads: UploadsService) {}

  async run(now: Date): Promise<void> {
    while ((await this.uploads.sweep(now)) >= 1000) {
      // a large backlog: sweep again until it is done
    }
  }
}

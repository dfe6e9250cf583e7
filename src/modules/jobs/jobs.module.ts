import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobRun } from './job-run.entity';
import { JobRunner } from './job-runner';

/**
 * Scheduled jobs, once per due time per cluster (`job_runs`). Features do not import
 * this module: they provide a class marked `@ScheduledJobSource()` (src/common/jobs) and
 * the runner finds it.
 */
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([JobRun])],
  providers: [JobRunner],
  exports: [JobRunner],
})
export class JobsModule {}

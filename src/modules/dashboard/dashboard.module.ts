import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DashboardController } from './dashboard.controller';
import { DashboardStatsService } from './dashboard-stats.service';
import { PrecheckRefusalCount } from './precheck-refusal-count.entity';
import { PrecheckRefusalsListener } from './precheck-refusals.listener';

/** The moderators' dashboard: figures over members, activity, applications and reports. */
@Module({
  imports: [TypeOrmModule.forFeature([PrecheckRefusalCount])],
  controllers: [DashboardController],
  providers: [DashboardStatsService, PrecheckRefusalsListener],
})
export class DashboardModule {}

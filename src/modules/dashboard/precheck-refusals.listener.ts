import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import type { DomainEvents } from '../../common/events/domain-events';
import '../membership/eligibility.events';

/**
 * Counts refused Golden Crown pre-checks: one row per UTC day and failed rule, its count
 * raised by one per refusal. Nothing of the request is kept.
 */
@Injectable()
export class PrecheckRefusalsListener {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @OnEvent('membership.eligibility_refused')
  async onRefused(event: DomainEvents['membership.eligibility_refused']): Promise<void> {
    const day = this.clock.now().toISOString().slice(0, 10);
    for (const rule of new Set(event.codes)) {
      await this.dataSource.query(
        `INSERT INTO golden_crown_precheck_refusals (day, rule, count) VALUES ($1, $2, 1)
         ON CONFLICT (day, rule) DO UPDATE SET count = golden_crown_precheck_refusals.count + 1`,
        [day, rule],
      );
    }
  }
}

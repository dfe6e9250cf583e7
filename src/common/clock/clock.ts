import { Global, Module } from '@nestjs/common';

/**
 * What time it is, for rules that depend on it (scheduled jobs, retries, expiries).
 * Injected as `CLOCK`, so a test can move time instead of waiting for it.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** Provides `CLOCK` (the system's time) to every module. */
@Global()
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }],
  exports: [CLOCK],
})
export class ClockModule {}

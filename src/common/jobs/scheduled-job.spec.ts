import { dailyAtUtc, dueTimeOf, everyMinutes } from './scheduled-job';

describe('dueTimeOf', () => {
  it('answers the latest due time at or before now', () => {
    const now = new Date('2026-11-30T10:07:30.000Z');
    expect(dueTimeOf(everyMinutes(5), now).toISOString()).toBe('2026-11-30T10:05:00.000Z');
    expect(dueTimeOf(everyMinutes(1), now).toISOString()).toBe('2026-11-30T10:07:00.000Z');
  });

  it('counts a daily time from UTC midnight, and the same day once it has passed', () => {
    const schedule = dailyAtUtc(0, 30);
    expect(dueTimeOf(schedule, new Date('2026-11-30T00:29:59.999Z')).toISOString()).toBe(
      '2026-11-29T00:30:00.000Z',
    );
    expect(dueTimeOf(schedule, new Date('2026-11-30T00:30:00.000Z')).toISOString()).toBe(
      '2026-11-30T00:30:00.000Z',
    );
    expect(dueTimeOf(schedule, new Date('2026-11-30T23:59:00.000Z')).toISOString()).toBe(
      '2026-11-30T00:30:00.000Z',
    );
  });
});

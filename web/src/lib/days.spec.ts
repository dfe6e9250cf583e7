import { describe, expect, it } from '@jest/globals';
import { dayHeading, localDayKey } from './days';

const words = { today: '今天', yesterday: '昨天' };

describe('day separators', () => {
  const now = new Date(2026, 2, 5, 0, 30);

  it('names the day in the reader’s time zone', () => {
    expect(localDayKey(new Date(2026, 2, 5, 23, 59))).toBe('2026-03-05');
    expect(localDayKey(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });

  it('says today and yesterday by the calendar, not by 24 hours', () => {
    expect(dayHeading(new Date(2026, 2, 5, 0, 1), now, 'zh-CN', words)).toBe('今天');
    expect(dayHeading(new Date(2026, 2, 4, 23, 59), now, 'zh-CN', words)).toBe('昨天');
    expect(dayHeading(new Date(2026, 2, 4, 0, 0), now, 'zh-CN', words)).toBe('昨天');
    expect(dayHeading(new Date(2026, 2, 3, 23, 59), now, 'zh-CN', words)).toBe('3月3日星期二');
  });

  it('shows older days as dates, with the year only when it is not this year', () => {
    const en = { today: 'Today', yesterday: 'Yesterday' };
    expect(dayHeading(new Date(2026, 1, 27, 12), now, 'en', en)).toBe('Friday, February 27');
    expect(dayHeading(new Date(2025, 11, 31, 12), now, 'en', en)).toBe(
      'Wednesday, December 31, 2025',
    );
    expect(dayHeading(new Date(2025, 11, 31, 12), now, 'zh-CN', words)).toBe(
      '2025年12月31日星期三',
    );
  });

  it('counts yesterday across a month and a year', () => {
    const newYear = new Date(2026, 0, 1, 8);
    expect(dayHeading(new Date(2025, 11, 31, 22), newYear, 'en', words)).toBe('昨天');
  });
});

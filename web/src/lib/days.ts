/** The calendar day of a moment in the reader's time zone, as `2026-03-05`. */
export function localDayKey(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * A day separator's heading: `today` or `yesterday` (the caller's words, in its language),
 * else the weekday and date, with the year only when it is not this year
 * (`3月5日星期四`, `Thursday, March 5`, `Wednesday, March 5, 2025`).
 */
export function dayHeading(
  moment: Date,
  now: Date,
  locale: string,
  words: { today: string; yesterday: string },
): string {
  const key = localDayKey(moment);
  if (key === localDayKey(now)) return words.today;
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === localDayKey(yesterday)) return words.yesterday;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: moment.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  }).format(moment);
}

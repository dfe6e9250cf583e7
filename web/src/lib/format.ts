import { localeOf } from '../i18n';

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatDay(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long' }).format(new Date(iso));
}

export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/**
 * An amount of CNY: `¥70,000,000` in English; in Chinese counted in 万 and 亿 as people say
 * it: `7,000万`, `1.2亿`, and `¥9,999` below ten thousand.
 */
export function formatCny(value: number, language: string): string {
  if (language !== 'en' && Math.abs(value) >= 10_000) {
    const [unit, size] = Math.abs(value) >= 100_000_000 ? ['亿', 100_000_000] : ['万', 10_000];
    const amount = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 }).format(
      value / size,
    );
    return `${amount}${unit}`;
  }
  return new Intl.NumberFormat(localeOf(language), {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    maximumFractionDigits: 0,
  }).format(value);
}

/** A file's size: `820 B`, `12 KB`, `3.4 MB`. */
export function formatBytes(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'MB']
      : bytes >= 1024
        ? [bytes / 1024, 'KB']
        : [bytes, 'B'];
  const digits = unit === 'MB' && value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: digits }).format(value)} ${unit}`;
}

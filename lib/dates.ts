/**
 * Days, months and times for the viewer, in the interface language. Clinical dates
 * (`YYYY-MM-DD`, `YYYY-MM-DDTHH:mm`, local as the portal showed them) are read as UTC parts and
 * printed in UTC, so no time zone moves a result to another day (as in ./format.ts).
 */
import { uiLocale } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${uiLocale()}:${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(uiLocale(), { timeZone: 'UTC', ...options });
    cache.set(key, format);
  }
  return format;
}

/** Milliseconds of a clinical date read as UTC (what charts put on their time axis). */
export function clinicalTime(date: string): number {
  const [day = '', time = '00:00'] = date.split('T');
  const [y = 1970, m = 1, d = 1] = day.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh, mm);
}

export function dayOf(date: string): string {
  return date.slice(0, 10);
}

/** `HH:mm` when the portal showed a time. */
export function timeOf(date: string): string | null {
  return date.length > 10 ? date.slice(11, 16) : null;
}

/** "jeudi 9 mai 2024". */
export function formatDayHeading(day: string): string {
  return dateFormat({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    clinicalTime(day),
  );
}

/** "9 mai 2024" from a time-axis value. */
export function formatAxisDate(time: number): string {
  return dateFormat({ day: 'numeric', month: 'short', year: 'numeric' }).format(time);
}

/** "mars 2024" (`long`) or "mars" (`short`, in a year's chart) from `YYYY-MM`. */
export function formatMonth(month: string, style: 'long' | 'short' = 'long'): string {
  return dateFormat(style === 'long' ? { month: 'long', year: 'numeric' } : { month: 'short' }).format(
    clinicalTime(`${month}-01`),
  );
}

/** The person's own day, `YYYY-MM-DD`, in their time zone. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from an ISO instant to `now`. */
export function daysSince(instant: string, now: Date = new Date()): number {
  return Math.floor((now.getTime() - new Date(instant).getTime()) / 86_400_000);
}

/** "il y a 3 mois", "hier"… */
export function formatAgo(days: number): string {
  const format = new Intl.RelativeTimeFormat(uiLocale(), { numeric: 'auto' });
  if (days < 31) return format.format(-days, 'day');
  if (days < 365) return format.format(-Math.floor(days / 30), 'month');
  return format.format(-Math.floor(days / 365), 'year');
}

/**
 * Dates as precise as a study asks and no more: the day itself, the Monday of its week, or the
 * first of its month. Always a `YYYY-MM-DD` (a DATE column), so a study reads every precision
 * the same way.
 */
import type { DatePrecision } from './study';

export function coarsenDate(day: string, precision: DatePrecision): string {
  const date = day.slice(0, 10);
  if (precision === 'day') return date;
  if (precision === 'month') return `${date.slice(0, 7)}-01`;
  const utc = new Date(`${date}T00:00:00Z`);
  // getUTCDay: Sunday 0 … Saturday 6; the week starts on Monday (ISO 8601).
  const back = (utc.getUTCDay() + 6) % 7;
  utc.setUTCDate(utc.getUTCDate() - back);
  return utc.toISOString().slice(0, 10);
}

/** Dates, numbers and amounts as the person's language writes them. */
import { uiLocale } from './i18n';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n:${uiLocale()}:${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(uiLocale(), options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d:${uiLocale()}:${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(uiLocale(), options);
    cache.set(key, format);
  }
  return format;
}

export function formatAmount(value: number | null, currency = 'EUR'): string {
  return value === null ? '—' : numberFormat({ style: 'currency', currency }).format(value);
}

export function formatNumber(value: number | null): string {
  return value === null ? '—' : numberFormat({ maximumFractionDigits: 6 }).format(value);
}

/**
 * A clinical date of the record model: `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, local time as the
 * portal showed it. Read as UTC parts and printed in UTC so no time zone shifts the day.
 */
export function formatClinicalDate(value: string | null): string {
  if (!value) return '—';
  const [day, time] = value.split('T');
  const [y, m, d] = (day ?? '').split('-').map(Number);
  if (!y || !m || !d) return value;
  const [hh, mm] = (time ?? '').split(':').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d, hh ?? 0, mm ?? 0));
  return time
    ? dateFormat({ dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)
    : dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An instant (ISO with zone), in the person's own time zone. */
export function formatInstant(value: string): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/**
 * Dates and times as portals print them, into the record model's `YYYY-MM-DD` and
 * `YYYY-MM-DDTHH:mm` (local time as shown, no zone). French pages put the day first
 * (`05/03/2024`, `5 mars 2024`, `1er mars 2024`, `05/03/2024 à 08h15`); US pages the month
 * (`03/05/2024`, `March 5, 2024`, `3/5/2024 8:15 AM`).
 *
 * Blank text gives `null`; anything else that is not a real date (`31/02/2024`) throws
 * `ParseError`: a wrong date would sort a record into the wrong year without anyone noticing.
 */
import { ParseError, type Locale } from './parse-error';
import { foldText, nullIfBlank } from './text';

const FRENCH_MONTHS = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
];
const ENGLISH_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const FRENCH_DAYS = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
const ENGLISH_DAYS = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?';

/**
 * A month name, full or abbreviated with or without its dot, any case, accents optional:
 * an abbreviation is any prefix of three letters or more that names a single month
 * (`janv.`, `févr`, `fev`, `sept`, `déc`, `juil`), so `jui` (juin or juillet?) is refused.
 */
function monthOf(names: readonly string[], name: string): number | null {
  const key = foldText(name).replace(/\.$/, '');
  if (key.length < 3) return null;
  const exact = names.indexOf(key);
  if (exact >= 0) return exact + 1;
  const candidates = names.filter((month) => month.startsWith(key));
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only === undefined ? null : names.indexOf(only) + 1;
}

/** `mars` → 3, `févr.` → 2, `AOÛT` → 8; null for an unknown or ambiguous name. */
export function frenchMonth(name: string): number | null {
  return monthOf(FRENCH_MONTHS, name);
}

/** `March` → 3, `Sept.` → 9; null for an unknown or ambiguous name. */
export function englishMonth(name: string): number | null {
  return monthOf(ENGLISH_MONTHS, name);
}

const ISO = /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/;
const NUMERIC = /^(?<a>\d{1,2})[/.-](?<b>\d{1,2})[/.-](?<y>\d{4}|\d{2})$/;
const FRENCH_TEXT = new RegExp(
  `^(?:le )?(?:${FRENCH_DAYS},? )?(?:le )?(?<d>\\d{1,2})(?:er)? (?<month>[a-z]+\\.?) (?<y>\\d{4})$`,
);
const ENGLISH_MONTH_FIRST = new RegExp(
  `^(?:${ENGLISH_DAYS},? )?(?<month>[a-z]+\\.?) (?<d>\\d{1,2})(?:st|nd|rd|th)?,? (?<y>\\d{4})$`,
);
const ENGLISH_DAY_FIRST = new RegExp(
  `^(?:${ENGLISH_DAYS},? )?(?<d>\\d{1,2})(?:st|nd|rd|th)? (?<month>[a-z]+\\.?),? (?<y>\\d{4})$`,
);

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function isoDay(year: number, month: number | null, day: number): string | null {
  if (month === null || !isRealDay(year, month, day)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A year of two digits is this century's: portals print `05/03/24` for 2024. */
const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** The `YYYY-MM-DD` of a folded date text, or null when it is not one. */
function readDay(folded: string, locale: Locale): string | null {
  let g = ISO.exec(folded)?.groups;
  if (g) return isoDay(Number(g['y']), Number(g['m']), Number(g['d']));
  g = NUMERIC.exec(folded)?.groups;
  if (g) {
    const [day, month] = locale === 'fr' ? [g['a'], g['b']] : [g['b'], g['a']];
    return isoDay(fullYear(g['y'] ?? ''), Number(month), Number(day));
  }
  if (locale === 'fr') {
    g = FRENCH_TEXT.exec(folded)?.groups;
    return g ? isoDay(Number(g['y']), frenchMonth(g['month'] ?? ''), Number(g['d'])) : null;
  }
  g = ENGLISH_MONTH_FIRST.exec(folded)?.groups ?? ENGLISH_DAY_FIRST.exec(folded)?.groups;
  return g ? isoDay(Number(g['y']), englishMonth(g['month'] ?? ''), Number(g['d'])) : null;
}

/**
 * Dates read, by locale and text: a 2 000-row history repeats a few hundred dates (every act of a
 * payment, every participation), and reading one is regular expressions and a Unicode fold.
 * Only successes are kept; the cache is emptied when full, so it stays small.
 */
const dayCache = new Map<string, string>();
const DAY_CACHE_SIZE = 4_096;

/** `05/03/2024`, `5/3/24`, `5 mars 2024`, `1er mars 2024`, `March 5, 2024` → `YYYY-MM-DD`. */
export function parseDate(text: string | null | undefined, locale: Locale = 'fr'): string | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const key = `${locale} ${clean}`;
  const known = dayCache.get(key);
  if (known !== undefined) return known;
  const day = readDay(foldText(clean), locale);
  if (day === null) throw new ParseError('date', clean);
  if (dayCache.size >= DAY_CACHE_SIZE) dayCache.clear();
  dayCache.set(key, day);
  return day;
}

/**
 * `08h15`, `8h`, `14 h 30`, `08:15`, `8:15 PM`, `12 AM`, `…T08:15`, at the end of a folded text
 * (seconds are dropped: the record model stops at minutes).
 */
const TIME_AT_END =
  /(?:^|[\s,]|(?<=\d)t)(?<h>\d{1,2})(?:\s?(?<sep>h|:)\s?(?<m>\d{2})?(?::\d{2})?)?\s?(?:(?<ap>[ap])\.?m\.?)?$/;

interface SplitTime {
  rest: string;
  time: string;
}

/** Separates a trailing time from what precedes it; null when the text ends with no time. */
function splitTime(folded: string): SplitTime | null {
  const match = TIME_AT_END.exec(folded);
  const g = match?.groups;
  if (!match || !g) return null;
  const { h, sep, m, ap } = g;
  // A bare number is not a time (`… 2024`): it needs `h`, `:` or AM/PM.
  if (sep === undefined && ap === undefined) return null;
  if (sep === ':' && m === undefined) return null;
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (ap !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ap === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  const rest = folded
    .slice(0, match.index)
    .replace(/(?:\s+(?:a|at|-|–|—)|,)+\s*$/, '')
    .trim();
  return { rest, time: `${pad(hour)}:${pad(minute)}` };
}

/** `08h15`, `8h`, `08:15`, `8:15 PM` → `HH:mm`. Blank → null. */
export function parseTime(text: string | null | undefined): string | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const split = splitTime(foldText(clean));
  if (split === null || split.rest !== '') throw new ParseError('heure', clean);
  return split.time;
}

/**
 * `05/03/2024 à 08h15`, `05/03/2024 08:15`, `03/05/2024 8:15 AM` → `YYYY-MM-DDTHH:mm`.
 * The time is required: use `parseDateOrDateTime` where a page shows it only sometimes.
 */
export function parseDateTime(text: string | null | undefined, locale: Locale = 'fr'): string | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const split = splitTime(foldText(clean));
  const day = split && readDay(split.rest, locale);
  if (!split || !day) throw new ParseError('date et heure', clean);
  return `${day}T${split.time}`;
}

/** `YYYY-MM-DDTHH:mm` when the text shows a time, else `YYYY-MM-DD` (the spec's rule for `date`). */
export function parseDateOrDateTime(text: string | null | undefined, locale: Locale = 'fr'): string | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const folded = foldText(clean);
  const day = readDay(folded, locale);
  if (day !== null) return day;
  const split = splitTime(folded);
  const timed = split && readDay(split.rest, locale);
  if (!split || !timed) throw new ParseError('date', clean);
  return `${timed}T${split.time}`;
}

export interface TimeRange {
  start: string;
  end: string;
}

/** Between two times: a dash of any length, `à`, `to`; `de … à …` and `from … to …` too. */
const RANGE_SEPARATOR = /\s*[-–—]\s*|\s+(?:a|to|jusqu'a)\s+/;

/** `14h30 – 15h00`, `de 14h30 à 15h00`, `2:30 PM - 3:00 PM` → `{ start: '14:30', end: '15:00' }`. */
export function parseTimeRange(text: string | null | undefined): TimeRange | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const folded = foldText(clean).replace(/^(?:de|from)\s+/, '');
  const parts = folded.split(RANGE_SEPARATOR);
  const [first, second] = parts;
  const start = parts.length === 2 && first !== undefined ? splitTime(first) : null;
  const end = parts.length === 2 && second !== undefined ? splitTime(second) : null;
  if (!start || !end || start.rest !== '' || end.rest !== '') throw new ParseError('plage horaire', clean);
  return { start: start.time, end: end.time };
}

export interface TimeSpan {
  start: string;
  end: string | null;
}

/**
 * A start time, with its end when the page shows one: `14h30` → `{ start: '14:30', end: null }`,
 * `14h30 – 15h00` → both. For appointment lists where some entries give only a start.
 */
export function parseTimeSpan(text: string | null | undefined): TimeSpan | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const single = splitTime(foldText(clean).replace(/^(?:a|at|des)\s+/, ''));
  if (single && single.rest === '') return { start: single.time, end: null };
  return parseTimeRange(clean);
}

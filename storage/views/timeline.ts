/**
 * Records newest first, one page at a time, filtered. A page walks one index backwards — `[kind+date]`
 * when a single kind is asked for, else `date` — and stops as soon as it has `limit` matches, so
 * the first screen of a 50 000-record archive reads about one screen of records. The next page
 * starts after the last record seen (keyset paging), never by skipping the ones before it.
 *
 * Filters the indexes cannot serve together (portal, person, text) are checked on each record
 * the walk meets; a rare match costs a longer walk, never a load of the whole archive at once.
 */
import type { MesDonneesDb, RecordRow } from '../db';
import type { RecordKind } from '../schemas';
import { foldText, inScope, type PersonScope } from './persons';

export interface RecordFilter {
  /** Any of these kinds; all kinds when absent or empty. */
  kinds?: readonly RecordKind[];
  sources?: readonly string[];
  persons?: PersonScope;
  /** First and last day, `YYYY-MM-DD`, both included. */
  from?: string | null;
  to?: string | null;
  /** Words that must all appear in the record's text (accents and case ignored). */
  text?: string | null;
  /** A further test, for what a view alone needs (a document type…). */
  where?: (record: RecordRow) => boolean;
}

/** Where a page ended: the next starts strictly after this record in newest-first order. */
export interface RecordCursor {
  date: string;
  id: string;
}

export interface Page<T, C> {
  items: T[];
  /** `null` when there is nothing after this page. */
  next: C | null;
}

/** Fields that are plumbing, not something a person would search for. */
const NOT_SEARCHED = new Set([
  'id',
  'kind',
  'captureId',
  'capturedAt',
  'updatedAt',
  'sourceUrl',
  'url',
  'fileId',
  'sha256',
  'mimeType',
  'currency',
]);

/** The record's words, folded, for the text search. */
export function searchableText(record: RecordRow): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (NOT_SEARCHED.has(field)) continue;
    if (typeof value === 'string') parts.push(value);
    else if (typeof value === 'number') parts.push(String(value));
    else if (value && typeof value === 'object')
      parts.push(...Object.values(value as Record<string, string>));
  }
  return foldText(parts.join(' '));
}

function matcher(filter: RecordFilter, after: RecordCursor | undefined): (record: RecordRow) => boolean {
  const kinds = filter.kinds && filter.kinds.length > 1 ? new Set(filter.kinds) : null;
  const sources = filter.sources && filter.sources.length > 0 ? new Set(filter.sources) : null;
  const words = foldText(filter.text ?? '')
    .split(' ')
    .filter((word) => word !== '');
  return (record) => {
    // Records of the cursor's day come in descending id order: skip those already shown.
    if (after && record.date === after.date && record.id >= after.id) return false;
    if (kinds && !kinds.has(record.kind)) return false;
    if (sources && !sources.has(record.source)) return false;
    if (filter.persons !== undefined && !inScope(record, filter.persons)) return false;
    if (filter.where && !filter.where(record)) return false;
    if (words.length > 0) {
      const text = searchableText(record);
      if (!words.every((word) => text.includes(word))) return false;
    }
    return true;
  };
}

export async function pageRecords(
  db: MesDonneesDb,
  filter: RecordFilter,
  options: { after?: RecordCursor; limit: number },
): Promise<Page<RecordRow, RecordCursor>> {
  const { after, limit } = options;
  // Clinical dates are `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`: every time of the last day sorts below `\uffff`.
  const lower = filter.from ?? '';
  let upper = filter.to ? `${filter.to}\uffff` : '\uffff';
  if (after && after.date < upper) upper = after.date;
  if (lower > upper) return { items: [], next: null };
  const single = filter.kinds?.length === 1 ? filter.kinds[0] : undefined;
  const range =
    single !== undefined
      ? db.records.where('[kind+date]').between([single, lower], [single, upper], true, true)
      : db.records.where('date').between(lower, upper, true, true);
  const items = await range.reverse().filter(matcher(filter, after)).limit(limit).toArray();
  const last = items[items.length - 1];
  return { items, next: items.length === limit && last ? { date: last.date, id: last.id } : null };
}

/**
 * What an export covers — the whole archive or a selection by person, portal, kind and date
 * range — and reading it back in pages. Pages walk the `[kind+date]` index: every export reads a
 * kind in date order, and a page never splits one date, so the two readings of a blood pressure
 * taken at the same time always arrive together.
 */
import type { MesDonneesDb, RecordRow } from '../db';
import { RECORD_KINDS, type RecordKind } from '../schemas';

export interface Selection {
  /** People as the portals name them; absent = everyone (including records naming no one). */
  patients?: readonly string[];
  /** Portal ids; absent = every portal. */
  sources?: readonly string[];
  kinds?: readonly RecordKind[];
  /** First and last day, `YYYY-MM-DD`, both included. */
  from?: string;
  to?: string;
}

export const PAGE_SIZE = 500;

export function selectedKinds(selection: Selection): RecordKind[] {
  return RECORD_KINDS.filter((kind) => !selection.kinds || selection.kinds.includes(kind));
}

/** True when the selection names nothing: the export is the whole archive. */
export function isWholeArchive(selection: Selection): boolean {
  return (
    selection.patients === undefined &&
    selection.sources === undefined &&
    selection.kinds === undefined &&
    !selection.from &&
    !selection.to
  );
}

/** The person and portal filters; kind and dates are applied by the index range. */
export function matchesSelection(record: RecordRow, selection: Selection): boolean {
  if (selection.patients && (record.patient === null || !selection.patients.includes(record.patient))) {
    return false;
  }
  return !selection.sources || selection.sources.includes(record.source);
}

function dateRange(kind: RecordKind, selection: Selection): [[string, string], [string, string]] {
  // A day sorts before the times of that day, and every time of `to` sorts before `to` + U+FFFF.
  return [
    [kind, selection.from ?? ''],
    [kind, selection.to ? `${selection.to}\uffff` : '\uffff'],
  ];
}

/** How many records of `kind` are in the date range, before the person and portal filters. */
export function countInRange(db: MesDonneesDb, kind: RecordKind, selection: Selection): Promise<number> {
  const [lower, upper] = dateRange(kind, selection);
  return db.records.where('[kind+date]').between(lower, upper, true, true).count();
}

/** Upper bound of the records an export reads: for progress bars. */
export async function countSelection(db: MesDonneesDb, selection: Selection): Promise<number> {
  const counts = await Promise.all(selectedKinds(selection).map((kind) => countInRange(db, kind, selection)));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The selected records of one kind, oldest first, in pages of about `pageSize` that each hold
 * whole dates. Each page is its own short read, so a long export never holds a transaction open.
 * The next page is read while the caller writes this one: the database works in another process.
 */
export async function* kindPages(
  db: MesDonneesDb,
  kind: RecordKind,
  selection: Selection,
  pageSize = PAGE_SIZE,
): AsyncGenerator<RecordRow[]> {
  const [first, upper] = dateRange(kind, selection);
  let lower: [string, string] = first;
  let includeLower = true;
  const index = db.records.where('[kind+date]');
  const read = () => {
    const reading = index.between(lower, upper, includeLower, true).limit(pageSize).toArray();
    // Awaited below; a caller that stops early leaves it unread, and its failure unreported.
    reading.catch(() => undefined);
    return reading;
  };
  let next = read();
  for (;;) {
    const page = await next;
    if (page.length < pageSize) {
      const rows = page.filter((r) => matchesSelection(r, selection));
      if (rows.length > 0) yield rows;
      return;
    }
    const lastDate = page[page.length - 1]!.date;
    let rows = page.filter((r) => r.date !== lastDate);
    if (rows.length === 0) {
      // One date holds a whole page or more: read that date alone, then go past it.
      rows = await index.equals([kind, lastDate]).toArray();
      lower = [kind, lastDate];
      includeLower = false;
    } else {
      lower = [kind, lastDate];
      includeLower = true;
    }
    next = read();
    rows = rows.filter((r) => matchesSelection(r, selection));
    if (rows.length > 0) yield rows;
  }
}

/** Every selected record, kind after kind. */
export async function* selectionPages(
  db: MesDonneesDb,
  selection: Selection,
  pageSize = PAGE_SIZE,
): AsyncGenerator<RecordRow[]> {
  for (const kind of selectedKinds(selection)) yield* kindPages(db, kind, selection, pageSize);
}

/** The people and portals the archive holds, for the selection's choices. */
export async function selectionChoices(db: MesDonneesDb): Promise<{ patients: string[]; sources: string[] }> {
  // Unique index keys: no record is read. A null patient is not indexed, hence never listed.
  const [patients, sources] = await Promise.all([
    db.records.orderBy('patient').uniqueKeys(),
    db.records.orderBy('source').uniqueKeys(),
  ]);
  return {
    patients: patients.filter((k): k is string => typeof k === 'string'),
    sources: sources.filter((k): k is string => typeof k === 'string'),
  };
}

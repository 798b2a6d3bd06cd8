/**
 * How many records each portal holds, per kind and per person: one small row per
 * source × kind × patient, kept by every write of the `records` table in the same transaction.
 * The overview and the archive's size are read from here, so a 50 000-record archive opens as
 * fast as a 100-record one. A record's id hashes its kind, source and patient (./ids.ts), so
 * updating a record never moves it to another row: only additions and deletions change counts.
 */
import type { Transaction } from 'dexie';
import type { MesDonneesDb, RecordRow } from './db';
import type { RecordKind } from './schemas';

export interface StatsRow {
  /** `JSON.stringify([source, kind, patient])`. */
  key: string;
  source: string;
  kind: RecordKind;
  patient: string | null;
  count: number;
  /**
   * Changes with every write of one of its records (added, updated or removed): a page whose
   * records' rows still have the revisions they had when it was saved has not been touched
   * since (./pages.ts). Absent from rows written before schema version 3.
   */
  rev?: string;
}

type Counted = Pick<RecordRow, 'source' | 'kind' | 'patient'>;

export function statsKey(record: Counted): string {
  return JSON.stringify([record.source, record.kind, record.patient]);
}

function tally(records: readonly Counted[], sign: number, into = new Map<string, StatsRow>()) {
  for (const record of records) {
    const key = statsKey(record);
    const row = into.get(key) ?? {
      key,
      source: record.source,
      kind: record.kind,
      patient: record.patient,
      count: 0,
    };
    row.count += sign;
    into.set(key, row);
  }
  return into;
}

/**
 * Inside a transaction that includes `db.stats`: `added` were not stored before, `removed` are
 * gone, `updated` were rewritten in place (their rows are rewritten too, so live queries of the
 * counts hear of every write). Only IndexedDB requests are awaited.
 */
export async function countWrites(
  db: MesDonneesDb,
  changes: { added?: readonly Counted[]; removed?: readonly Counted[]; updated?: readonly Counted[] },
): Promise<void> {
  const deltas = tally(
    changes.removed ?? [],
    -1,
    tally(changes.added ?? [], 1, tally(changes.updated ?? [], 0)),
  );
  if (deltas.size === 0) return;
  const keys = [...deltas.keys()];
  const current = await db.stats.bulkGet(keys);
  const toPut: StatsRow[] = [];
  const toDelete: string[] = [];
  const rev = crypto.randomUUID();
  deltas.forEach((delta, key) => {
    const count = (current[keys.indexOf(key)]?.count ?? 0) + delta.count;
    if (count > 0) toPut.push({ ...delta, count, rev });
    else toDelete.push(key);
  });
  await Promise.all([
    toPut.length > 0 ? db.stats.bulkPut(toPut) : undefined,
    toDelete.length > 0 ? db.stats.bulkDelete(toDelete) : undefined,
  ]);
}

/**
 * Import's apply (and tests): `rows` are written over whatever `locals` held under their ids
 * (`locals` may hold more, the ones not written are ignored).
 */
export function countImport(
  db: MesDonneesDb,
  rows: readonly RecordRow[],
  locals: readonly (RecordRow | undefined)[],
): Promise<void> {
  const written = new Set(rows.map((row) => row.id));
  return countWrites(db, {
    added: rows,
    removed: locals.filter((local): local is RecordRow => local !== undefined && written.has(local.id)),
  });
}

/** The count rows of `records` as the table keeps them (without revisions). */
export function countRows(records: readonly Counted[]): StatsRow[] {
  return [...tally(records, 1).values()];
}

/** The schema upgrade that creates the table: counts the records already stored, once. */
export async function rebuildStats(tx: Transaction): Promise<void> {
  const rows = new Map<string, StatsRow>();
  await tx.table<RecordRow>('records').each((record) => void tally([record], 1, rows));
  await tx.table<StatsRow>('stats').clear();
  await tx.table<StatsRow>('stats').bulkPut([...rows.values()]);
}

export function readStats(db: MesDonneesDb): Promise<StatsRow[]> {
  return db.stats.toArray();
}

/** How many records the archive holds. */
export async function totalRecords(db: MesDonneesDb): Promise<number> {
  return (await readStats(db)).reduce((sum, row) => sum + row.count, 0);
}

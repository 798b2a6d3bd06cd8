/**
 * Answers of the dashboard's costlier queries, kept with the revisions of the record counts they
 * were computed at. Every write of a record changes its `stats` row's revision (../stats.ts), in
 * the same transaction; so an answer whose revisions are still those of `stats` was computed over
 * the very records stored now, and is handed back without reading any. Opening the Aperçu again
 * with nothing saved since reads the counts and one row.
 */
import type { MesDonneesDb } from '../db';

export interface CacheRow {
  /** What was asked: the query's name and its arguments. */
  key: string;
  /** The `stats` rows (key, count, revision) when it was computed. */
  revisions: string;
  value: unknown;
  computedAt: string;
}

/** Answers kept at most: one per person selected and day, a few at a time. */
export const CACHE_ROWS = 32;

/** The counts' rows and revisions, in a stable order. */
export async function archiveRevisions(db: MesDonneesDb): Promise<string> {
  const rows = await db.stats.toArray();
  return rows
    .map((row) => `${row.key}\u0000${row.count}\u0000${row.rev ?? ''}`)
    .sort()
    .join('\n');
}

/**
 * `compute()`'s answer for `key`, from the cache when no record was written since it was kept.
 * The revisions are read before computing: a write during the computation leaves an answer
 * under the older revisions, which the next call computes again.
 */
export async function cached<T>(db: MesDonneesDb, key: string, compute: () => Promise<T>): Promise<T> {
  const [revisions, row] = await Promise.all([archiveRevisions(db), db.cache.get(key)]);
  if (row && row.revisions === revisions) return row.value as T;
  const value = await compute();
  await db.transaction('rw', db.cache, async () => {
    if ((await db.cache.count()) >= CACHE_ROWS) await db.cache.clear();
    await db.cache.put({ key, revisions, value, computedAt: new Date().toISOString() });
  });
  return value;
}

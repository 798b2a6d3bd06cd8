/**
 * Reading the stored rows of many ids most of which are not stored. In Chromium a get that misses
 * costs about as much as one that hits, so 100 000 gets into an empty archive took seconds; the
 * table's keys, read once by a key cursor, say which ids are worth a get.
 */
import type { IndexableType, Table } from 'dexie';

/** Every key of the table (or of the index query's matches), read once. */
export async function storedKeys(keys: Promise<IndexableType[]>): Promise<Set<string>> {
  return new Set((await keys) as string[]);
}

/** `table.bulkGet(ids)`, asking only for the ids in `stored` (the table's keys, read once). */
export async function getStored<T>(
  table: Table<T, string>,
  ids: readonly string[],
  stored: ReadonlySet<string>,
): Promise<(T | undefined)[]> {
  const rows = await table.bulkGet(ids.filter((id) => stored.has(id)));
  let next = 0;
  return ids.map((id) => (stored.has(id) ? rows[next++] : undefined));
}

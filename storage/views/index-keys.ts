/**
 * The distinct values of a records index, found by seeking from one value to the next: one short
 * lookup per value. A "unique" walk of the index (Dexie's `uniqueKeys`) visits every entry in
 * Chromium, which for 50 000 records takes a noticeable moment for three names.
 */
import type { MesDonneesDb } from '../db';

export async function distinctKeys(db: MesDonneesDb, index: 'patient' | 'source'): Promise<string[]> {
  const found: string[] = [];
  let next = await db.records.orderBy(index).limit(1).keys();
  while (next.length > 0) {
    const key = String(next[0]);
    found.push(key);
    next = await db.records.where(index).above(key).limit(1).keys();
  }
  return found;
}

/**
 * What the archive holds, per portal: how many records of each kind, and the saves made from it.
 * Counts come from the `stats` table (../stats.ts), kept by every write of records, so the
 * overview of a 50 000-record archive reads no record and no index.
 */
import { Dexie } from 'dexie';
import type { CaptureRow, MesDonneesDb } from '../db';
import type { RecordKind } from '../schemas';
import { readStats } from '../stats';
import type { PersonScope } from './persons';

export interface PortalSummary {
  source: string;
  counts: Partial<Record<RecordKind, number>>;
  total: number;
  lastCapture: CaptureRow | null;
  /** The last save that could read its page: a broken page does not count as saved. */
  lastGoodCapture: CaptureRow | null;
}

/** A save that read nothing because the page could not be read (its layout changed…). */
export function isBrokenCapture(capture: CaptureRow): boolean {
  return capture.counts.found === 0 && capture.problems.some((problem) => problem.level === 'error');
}

async function capturesOf(db: MesDonneesDb, source: string) {
  const newestFirst = () =>
    db.captures.where('[source+startedAt]').between([source, Dexie.minKey], [source, Dexie.maxKey]).reverse();
  const [last, good] = await Promise.all([
    newestFirst().first(),
    newestFirst()
      .filter((capture) => !isBrokenCapture(capture))
      .first(),
  ]);
  return { lastCapture: last ?? null, lastGoodCapture: good ?? null };
}

/**
 * Every portal saved from or holding records, busiest first. With a person, only the portals that
 * hold records about them, counted for them; the saves stay the portal's (a save reads a whole page).
 */
export async function portalSummaries(db: MesDonneesDb, scope: PersonScope): Promise<PortalSummary[]> {
  const [stats, captureSources] = await Promise.all([
    readStats(db),
    // Captures are one per save: a few hundred, walked as they are.
    db.captures.orderBy('source').uniqueKeys(),
  ]);
  const counted = new Map<string, { counts: Partial<Record<RecordKind, number>>; total: number }>();
  for (const row of stats) {
    if (scope !== null && (row.patient === null || !scope.includes(row.patient))) continue;
    const portal = counted.get(row.source) ?? { counts: {}, total: 0 };
    portal.counts[row.kind] = (portal.counts[row.kind] ?? 0) + row.count;
    portal.total += row.count;
    counted.set(row.source, portal);
  }
  const sources = [...new Set([...counted.keys(), ...captureSources.map(String)])];
  const summaries = await Promise.all(
    sources.map(async (source): Promise<PortalSummary> => ({
      source,
      ...(counted.get(source) ?? { counts: {}, total: 0 }),
      ...(await capturesOf(db, source)),
    })),
  );
  return summaries
    .filter((summary) => scope === null || summary.total > 0)
    .sort((a, b) => b.total - a.total || a.source.localeCompare(b.source));
}

/**
 * What the archive holds, per portal: how many records of each kind, and the saves made from it.
 * Counts come from index keys alone — a record id starts with its kind (`lab-result:…`, see
 * ../ids.ts) — so the overview of a 50 000-record archive reads no record.
 */
import { Dexie } from 'dexie';
import type { CaptureRow, MesDonneesDb } from '../db';
import { RECORD_KINDS, type RecordKind } from '../schemas';
import { distinctKeys } from './index-keys';
import { scopeIds, type PersonScope } from './persons';

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

function kindOfId(id: string): RecordKind | null {
  const kind = id.slice(0, id.indexOf(':'));
  return (RECORD_KINDS as readonly string[]).includes(kind) ? (kind as RecordKind) : null;
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
  const [recordSources, captureSources, inScope] = await Promise.all([
    distinctKeys(db, 'source'),
    // Captures are one per save: a few hundred, walked as they are.
    db.captures.orderBy('source').uniqueKeys(),
    scopeIds(db, scope),
  ]);
  const sources = [...new Set([...recordSources, ...captureSources].map(String))];
  const summaries = await Promise.all(
    sources.map(async (source): Promise<PortalSummary> => {
      const ids = await db.records.where('source').equals(source).primaryKeys();
      const counts: Partial<Record<RecordKind, number>> = {};
      let total = 0;
      for (const id of ids) {
        if (inScope && !inScope.has(id)) continue;
        const kind = kindOfId(id);
        if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
        total++;
      }
      return { source, counts, total, ...(await capturesOf(db, source)) };
    }),
  );
  return summaries
    .filter((summary) => inScope === null || summary.total > 0)
    .sort((a, b) => b.total - a.total || a.source.localeCompare(b.source));
}

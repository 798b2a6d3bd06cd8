/**
 * Saving an unchanged page again, without reading or writing its records.
 *
 * After each save, the page's row keeps a digest of what the content script sent (records and
 * problems, SHA-256 computed in the page), the capture that stored it, and the revisions of the
 * record counts its records belong to (./stats.ts: every write of a record changes its row's
 * revision, in the same transaction). When the same page sends the same digest again, and none of
 * those revisions moved and the extension is the same version, the save would find every record
 * unchanged: the new capture says so with the previous capture's counts, and nothing else is
 * read. Anything else — a record deleted, updated by another page, an import, an erase, a new
 * version of the extension — and the content script sends the records as usual.
 */
import type { MesDonneesDb } from './db';
import type { Capture, ScraperRef } from './schemas';
import { statsKey, type StatsRow } from './stats';

export interface PageRow {
  /** `JSON.stringify([source, url])`. */
  key: string;
  source: string;
  url: string;
  /** SHA-256 (hex) of what the content script sent for the page. */
  digest: string;
  /** Extension version that saved it: validation and derived fields may change with it. */
  appVersion: string;
  /** The capture that last saved it in full, or found it unchanged. */
  captureId: string;
  /** Revision of each count row (source × kind × patient) its records are in, after the save. */
  revs: Record<string, string | null>;
}

export function pageKey(source: string, url: string): string {
  return JSON.stringify([source, url]);
}

/** Inside saveCapture's transaction, after its writes: what the next save of the page compares. */
export async function rememberPage(
  db: MesDonneesDb,
  page: { source: string; url: string; digest: string; appVersion: string; captureId: string },
  records: readonly Parameters<typeof statsKey>[0][],
): Promise<void> {
  const keys = [...new Set(records.map(statsKey))];
  const rows = await db.stats.bulkGet(keys);
  await db.pages.put({ key: pageKey(page.source, page.url), ...page, revs: revisions(keys, rows) });
}

function revisions(keys: readonly string[], rows: readonly (StatsRow | undefined)[]) {
  return Object.fromEntries(keys.map((key, i) => [key, rows[i]?.rev ?? null]));
}

/** The digest of the page's last save, or null when it was never saved whole. */
export async function lastDigest(db: MesDonneesDb, source: string, url: string): Promise<string | null> {
  return (await db.pages.get(pageKey(source, url)))?.digest ?? null;
}

export interface UnchangedInput {
  source: string;
  url: string;
  title: string;
  scraper: ScraperRef;
  startedAt: string;
  digest: string;
  appVersion: string;
}

/**
 * Writes the capture of a page found unchanged, and returns it; null (nothing written) when the
 * page must be saved in full.
 */
export function saveUnchangedPage(
  db: MesDonneesDb,
  input: UnchangedInput,
  now: () => Date = () => new Date(),
): Promise<Capture | null> {
  return db.transaction('rw', [db.pages, db.stats, db.captures], async () => {
    const page = await db.pages.get(pageKey(input.source, input.url));
    if (!page || page.digest !== input.digest || page.appVersion !== input.appVersion) return null;
    const keys = Object.keys(page.revs);
    const [rows, previous] = await Promise.all([db.stats.bulkGet(keys), db.captures.get(page.captureId)]);
    const current = revisions(keys, rows);
    if (!previous || keys.some((key) => current[key] !== page.revs[key])) return null;
    if (previous.scraper.id !== input.scraper.id || previous.scraper.version !== input.scraper.version)
      return null;
    const { found, added, updated, unchanged, invalid } = previous.counts;
    const capture: Capture = {
      id: crypto.randomUUID(),
      source: input.source,
      url: input.url,
      title: input.title,
      startedAt: input.startedAt,
      finishedAt: now().toISOString(),
      scraper: input.scraper,
      counts: { found, added: 0, updated: 0, unchanged: added + updated + unchanged, invalid },
      problems: previous.problems,
      snapshotId: null,
    };
    await Promise.all([db.captures.add(capture), db.pages.put({ ...page, captureId: capture.id })]);
    return capture;
  });
}

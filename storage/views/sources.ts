/**
 * The health of each portal's reader (scraper) and what the archive does not hold from it, for the
 * dashboard's Sources view: how its saves went, which of its pages stopped being readable, which
 * documents came without their file, which rows were refused.
 *
 * Storage never imports scrapers/, so the readers (id, version, kinds produced) are passed in.
 * Each portal's saves are walked once through the `[source+startedAt]` index, newest first: there
 * is one capture per click, a few thousand at most, and how each went is only known from its
 * counts and problems, so counting outcomes reads them (an index of outcomes would need a field
 * the capture model does not have). Record counts come from the kept `stats` (../stats.ts), and
 * documents are read through the `kind` index only.
 */
import { Dexie } from 'dexie';
import type { CaptureRow, MesDonneesDb } from '../db';
import type { RecordKind } from '../schemas';
import { readStats } from '../stats';
import { isBrokenCapture } from './overview';

/** What the view knows of a portal's reader, from scrapers/registry.ts. */
export interface PortalReader {
  id: string;
  version: string;
  produces: readonly RecordKind[];
}

/**
 * `failure`: the page could not be read and nothing was kept (its layout changed, the reader
 * crashed); `partial`: the page was read but some rows were refused or something was reported
 * (a row skipped, a file not downloaded); `success`: read as a whole. A page no reader recognises
 * gets no button, so no save of it is ever stored.
 */
export type SaveOutcome = 'success' | 'partial' | 'failure';
export const SAVE_OUTCOMES: readonly SaveOutcome[] = ['success', 'partial', 'failure'];

export function saveOutcome(capture: CaptureRow): SaveOutcome {
  if (isBrokenCapture(capture)) return 'failure';
  return capture.counts.invalid > 0 || capture.problems.length > 0 ? 'partial' : 'success';
}

/** The messages that say why a save failed or which rows it refused. */
export function errorMessages(capture: CaptureRow): string[] {
  return capture.problems.filter((problem) => problem.level === 'error').map((problem) => problem.message);
}

/** A page of the portal whose last save failed: nothing has been read from it since. */
export interface BrokenPage {
  /** The page, as its address without query (which often carries a session or an item id). */
  page: string;
  /** The last failed save of it. */
  lastFailure: CaptureRow;
  /** The first of the failures in a row that ended with `lastFailure`. */
  brokenSince: string;
  /** When it was last read, if ever. */
  lastSuccessAt: string | null;
}

/** A document record whose file is not in the archive. */
export interface MissingFile {
  id: string;
  title: string;
  date: string;
  url: string;
  /** `not-downloaded`: the save did not get it; `file-gone`: it was stored, then removed. */
  reason: 'not-downloaded' | 'file-gone';
}

export interface RefusedRows {
  /** Rows refused over every save (a row refused at each save counts each time). */
  rows: number;
  /** Saves that refused at least one row. */
  saves: number;
  /** The latest save that refused rows, and its reasons. */
  latest: CaptureRow | null;
  reasons: string[];
}

export interface SourceGaps {
  neverSaved: boolean;
  /** Kinds the reader produces of which the archive holds no record from this portal. */
  missingKinds: RecordKind[];
  brokenPages: BrokenPage[];
  missingFiles: MissingFile[];
  refused: RefusedRows;
}

export interface SourceHealth {
  source: string;
  /** The reader in the extension now. */
  version: string;
  saves: number;
  outcomes: Record<SaveOutcome, number>;
  lastSuccess: CaptureRow | null;
  lastFailure: CaptureRow | null;
  /** Saves made by an older version of the reader, per version, newest version first. */
  olderVersions: { version: string; saves: number }[];
  /** Records of the portal in the archive. */
  records: number;
  gaps: SourceGaps;
}

/** How many reasons of the latest refusal are kept: enough to see what goes wrong. */
const MAX_REASONS = 3;

/** Compares two `x.y.z` versions numerically (`1.10.0` is after `1.9.0`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** A save's page: its address without query or fragment (the raw text when it is no URL). */
export function pageOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

interface PageWalk {
  latest: CaptureRow;
  brokenSince: string;
  lastSuccessAt: string | null;
  /** Still walking back through the failures that end with `latest`. */
  failing: boolean;
}

/** What one walk of a portal's saves, newest first, gathers. */
interface CaptureWalk {
  saves: number;
  outcomes: Record<SaveOutcome, number>;
  lastSuccess: CaptureRow | null;
  lastFailure: CaptureRow | null;
  versions: Map<string, number>;
  pages: Map<string, PageWalk>;
  refused: RefusedRows;
}

function emptyWalk(): CaptureWalk {
  return {
    saves: 0,
    outcomes: { success: 0, partial: 0, failure: 0 },
    lastSuccess: null,
    lastFailure: null,
    versions: new Map(),
    pages: new Map(),
    refused: { rows: 0, saves: 0, latest: null, reasons: [] },
  };
}

function notePage(walk: CaptureWalk, capture: CaptureRow, outcome: SaveOutcome): void {
  const key = pageOf(capture.url);
  const page = walk.pages.get(key);
  const failed = outcome === 'failure';
  if (!page) {
    walk.pages.set(key, {
      latest: capture,
      brokenSince: capture.startedAt,
      lastSuccessAt: failed ? null : capture.startedAt,
      failing: failed,
    });
  } else if (page.failing && failed) {
    page.brokenSince = capture.startedAt;
  } else if (page.failing) {
    page.failing = false;
    page.lastSuccessAt = capture.startedAt;
  }
}

function noteRefusals(walk: CaptureWalk, capture: CaptureRow): void {
  if (capture.counts.invalid === 0) return;
  walk.refused.rows += capture.counts.invalid;
  walk.refused.saves++;
  if (walk.refused.latest) return;
  walk.refused.latest = capture;
  walk.refused.reasons = errorMessages(capture).slice(0, MAX_REASONS);
}

/** Called newest first: the first of each kind met is the latest. */
function noteCapture(walk: CaptureWalk, capture: CaptureRow): void {
  const outcome = saveOutcome(capture);
  walk.saves++;
  walk.outcomes[outcome]++;
  if (outcome === 'failure') walk.lastFailure ??= capture;
  else walk.lastSuccess ??= capture;
  walk.versions.set(capture.scraper.version, (walk.versions.get(capture.scraper.version) ?? 0) + 1);
  notePage(walk, capture, outcome);
  noteRefusals(walk, capture);
}

async function walkCaptures(db: MesDonneesDb, source: string): Promise<CaptureWalk> {
  const walk = emptyWalk();
  await db.captures
    .where('[source+startedAt]')
    .between([source, Dexie.minKey], [source, Dexie.maxKey])
    .reverse()
    .each((capture) => noteCapture(walk, capture));
  return walk;
}

/** A page whose latest save failed stays broken until a save of it works. */
function brokenPages(walk: CaptureWalk): BrokenPage[] {
  return [...walk.pages.entries()]
    .filter(([, page]) => saveOutcome(page.latest) === 'failure')
    .map(([page, { latest, brokenSince, lastSuccessAt }]) => ({
      page,
      lastFailure: latest,
      brokenSince,
      lastSuccessAt,
    }))
    .sort((a, b) => b.lastFailure.startedAt.localeCompare(a.lastFailure.startedAt));
}

function olderVersions(walk: CaptureWalk, current: string): SourceHealth['olderVersions'] {
  return [...walk.versions.entries()]
    .filter(([version]) => compareVersions(version, current) < 0)
    .map(([version, saves]) => ({ version, saves }))
    .sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * The document records whose file is missing, per portal. Only documents that link a file count:
 * a document the portal lists without a link has no file to get.
 */
async function missingFiles(db: MesDonneesDb): Promise<Map<string, MissingFile[]>> {
  const [documents, fileIds] = await Promise.all([
    db.records.where('kind').equals('document').toArray(),
    // Keys only: a file row holds the file itself.
    db.files.toCollection().primaryKeys(),
  ]);
  const stored = new Set(fileIds);
  const missing = new Map<string, MissingFile[]>();
  for (const record of documents) {
    if (record.kind !== 'document' || record.url === null) continue;
    if (record.fileId !== null && stored.has(record.fileId)) continue;
    const reason = record.fileId === null ? 'not-downloaded' : 'file-gone';
    const { id, title, date, url, source } = record;
    missing.set(source, [...(missing.get(source) ?? []), { id, title, date, url, reason }]);
  }
  for (const files of missing.values()) files.sort((a, b) => b.date.localeCompare(a.date));
  return missing;
}

/** Kinds held per portal, and how many records, from the kept counts. */
async function heldKinds(db: MesDonneesDb): Promise<Map<string, { kinds: Set<RecordKind>; total: number }>> {
  const held = new Map<string, { kinds: Set<RecordKind>; total: number }>();
  for (const row of await readStats(db)) {
    const portal = held.get(row.source) ?? { kinds: new Set<RecordKind>(), total: 0 };
    portal.kinds.add(row.kind);
    portal.total += row.count;
    held.set(row.source, portal);
  }
  return held;
}

/**
 * One entry per reader, in the order given (the registry's), whether the portal was ever saved or
 * not. Saves are a portal's, not a person's (a save reads a whole page), so there is no person here.
 */
export async function sourcesHealth(
  db: MesDonneesDb,
  readers: readonly PortalReader[],
): Promise<SourceHealth[]> {
  const [held, files, walks] = await Promise.all([
    heldKinds(db),
    missingFiles(db),
    Promise.all(readers.map((reader) => walkCaptures(db, reader.id))),
  ]);
  return readers.map((reader, i): SourceHealth => {
    const walk = walks[i] ?? emptyWalk();
    const kinds = held.get(reader.id);
    return {
      source: reader.id,
      version: reader.version,
      saves: walk.saves,
      outcomes: walk.outcomes,
      lastSuccess: walk.lastSuccess,
      lastFailure: walk.lastFailure,
      olderVersions: olderVersions(walk, reader.version),
      records: kinds?.total ?? 0,
      gaps: {
        neverSaved: walk.saves === 0,
        missingKinds: reader.produces.filter((kind) => !kinds?.kinds.has(kind)),
        brokenPages: brokenPages(walk),
        missingFiles: files.get(reader.id) ?? [],
        refused: walk.refused,
      },
    };
  });
}

/**
 * The archive of the export and import figures: copies of every scraper fixture's expected
 * records (six portals, six kinds, a dozen people), each round of copies a week further back, so
 * dates, timelines and the `[kind+date]` index spread like a real archive's. Every record is a
 * valid stored record with the id its facts give (import checks both); documents point to no
 * file (the figures leave files out). Built in Node, where the product's `recordId` runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignLoinc } from '../../storage/analytes/normalise';
import { recordId } from '../../storage/ids';
import { ScrapedRecord, type Capture, type StoredRecord } from '../../storage/schemas';
import { countRows, type StatsRow } from '../../storage/stats';

const SCRAPERS = join(dirname(fileURLToPath(import.meta.url)), '../../scrapers');
const DAY_MS = 86_400_000;
/** Each round of copies is a week older than the one before. */
const ROUND_DAYS = 7;
/** One capture per fixture page per this many rounds: a capture holds tens of records. */
const ROUNDS_PER_CAPTURE = 10;
/** The newest round's capture time. */
const NEWEST = Date.UTC(2025, 0, 15, 9, 30);

export interface FixturePage {
  name: string;
  url: string;
  records: ScrapedRecord[];
}

export interface BenchArchive {
  records: StoredRecord[];
  captures: Capture[];
  /** The `stats` rows the product keeps for these records (storage/stats.ts). */
  stats: StatsRow[];
}

/** Every fixture page's expected records, each record once (an SPA case repeats its page's). */
export function fixturePages(root = SCRAPERS): FixturePage[] {
  const seen = new Set<string>();
  const pages: FixturePage[] = [];
  for (const portal of readdirSync(root).sort()) {
    const folder = join(root, portal, 'fixtures');
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).sort()) {
      if (!file.endsWith('.expected.json')) continue;
      // A page's case names its address; a document's, the file's digest through its document record.
      const expected = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
        url?: string;
        records: unknown[] | null;
        document?: { sourceUrl: string } | null;
      };
      const url = expected.url ?? expected.document?.sourceUrl;
      if (url === undefined) continue;
      const records = [...(expected.document ? [expected.document] : []), ...(expected.records ?? [])]
        .map((record) => ScrapedRecord.parse(record))
        .filter((record) => {
          const id = recordId(record);
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        });
      if (records.length > 0) {
        pages.push({ name: `${portal}/${basename(file, '.expected.json')}`, url, records });
      }
    }
  }
  return pages;
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, `days` earlier, time kept. */
export function daysEarlier(date: string, days: number): string {
  const day = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))),
  );
  day.setUTCDate(day.getUTCDate() - days);
  return `${day.toISOString().slice(0, 10)}${date.slice(10)}`;
}

function withParam(url: string, round: number): string {
  const copy = new URL(url);
  copy.searchParams.set('copie', String(round));
  return copy.href;
}

/**
 * Round `round`'s copy of a fixture record: its dates moved back, and the parts of its natural
 * key that hold no date (report number, payment reference, document address, table page) marked
 * with the round, so that every copy is a fact of its own.
 */
export function copyOf(record: ScrapedRecord, round: number): ScrapedRecord {
  if (round === 0) return record;
  const days = round * ROUND_DAYS;
  const date = daysEarlier(record.date, days);
  switch (record.kind) {
    case 'lab-result':
      return { ...record, date, reportId: record.reportId && `${record.reportId}-${round}` };
    case 'reimbursement':
      return {
        ...record,
        date,
        paymentDate: record.paymentDate && daysEarlier(record.paymentDate, days),
        ref: record.ref && `${record.ref}-${round}`,
      };
    case 'appointment':
      return { ...record, date, end: record.end && daysEarlier(record.end, days) };
    case 'document':
      return { ...record, date, url: record.url && withParam(record.url, round) };
    case 'table-row':
      return { ...record, date, sourceUrl: withParam(record.sourceUrl, round) };
    default:
      return { ...record, date };
  }
}

/**
 * The first `count` records of the bench archive (the same ones for any count), their captures
 * and their counts. Throws when the fixtures cannot give that many distinct records.
 */
export function benchArchive(count: number, pages: readonly FixturePage[] = fixturePages()): BenchArchive {
  const records: StoredRecord[] = [];
  const captures = new Map<string, Capture>();
  const ids = new Set<string>();
  let stale = 0;
  for (let round = 0; records.length < count; round++) {
    const before = records.length;
    const at = new Date(NEWEST - round * ROUND_DAYS * DAY_MS);
    const stamp = at.toISOString();
    pages.forEach((page, p) => {
      const group = Math.floor(round / ROUNDS_PER_CAPTURE);
      const captureId = `bench-${p}-${group}`;
      for (const template of page.records) {
        if (records.length >= count) return;
        const facts = copyOf(template, round);
        const id = recordId(facts);
        // Two fixture records a round apart in time can fall on the same fact: keep one.
        if (ids.has(id)) continue;
        ids.add(id);
        const capture = captures.get(captureId) ?? newCapture(captureId, page, stamp);
        capture.counts.found++;
        capture.counts.added++;
        captures.set(captureId, capture);
        const meta = { id, captureId, capturedAt: stamp, updatedAt: stamp };
        const stored: StoredRecord =
          facts.kind === 'lab-result'
            ? { ...facts, ...meta, loinc: assignLoinc(facts) }
            : facts.kind === 'document'
              ? { ...facts, ...meta, fileId: null, sha256: null }
              : { ...facts, ...meta };
        records.push(stored);
      }
    });
    stale = records.length === before ? stale + 1 : 0;
    if (stale > 2) throw new Error(`the fixtures give only ${records.length} distinct records`);
  }
  const stats = countRows(records).map((row) => ({ ...row, rev: 'bench' }));
  return { records, captures: [...captures.values()], stats };
}

function newCapture(id: string, page: FixturePage, stamp: string): Capture {
  const source = page.records[0]?.source ?? 'unknown';
  return {
    id,
    source,
    url: page.url,
    title: page.name,
    startedAt: stamp,
    finishedAt: stamp,
    scraper: { id: source, version: '1.0.0' },
    counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
    problems: [],
    snapshotId: null,
  };
}

/**
 * Saving one click of "save": the page's records merged into the database by `id`, and the
 * capture that says what happened, written together or not at all.
 *
 * The transaction reads the portal's stored ids (unless the page is small beside them), then
 * checks the records (validation, ids, de-duplication) synchronously, handing the new ones to
 * IndexedDB by batches as it goes, then reads the stored rows of the others to compare. An IndexedDB transaction commits as soon as it
 * has no pending request, so awaiting anything but its own requests inside it is a bug.
 */
import { assignLoinc } from './analytes/normalise';
import { recordId } from './ids';
import { storedKeys } from './known-rows';
import type { MesDonneesDb, RecordRow } from './db';
import { rememberPage } from './pages';
import { countWrites, readStats } from './stats';
import { Capture, type Problem, type ScrapedRecord, type ScraperRef } from './schemas';
import { describeZodIssues, preview, validateRecord } from './validate';

export { countRecords, getCapture, listCaptures, listRecords, type ListRecordsOptions } from './queries';

export interface CaptureInput {
  source: string;
  url: string;
  title: string;
  scraper: ScraperRef;
  startedAt: string;
  /** As received from the content script: untrusted until validated here. */
  records: unknown[];
  /** What the scraper reported; the refusals found here are appended. */
  problems: Problem[];
  snapshotId?: string | null;
  /**
   * SHA-256 of what the page sent and the extension's version: given both, the page is
   * remembered so that saving it unchanged again skips its records (./pages.ts).
   */
  page?: { digest: string; appVersion: string };
  /**
   * Fields whose stored value wins over the incoming one for a record already stored, read in the
   * save's own transaction: a table row's `date` is the day it was first saved, not part of what
   * it says, so a save on another day must not count it as changed.
   */
  keepStored?: readonly (keyof ScrapedRecord)[];
}

/** Records are handed to IndexedDB in batches of this many, as soon as each batch is checked. */
const WRITE_BATCH = 250;
/**
 * Reading one stored key costs much less than one get (a get that misses costs as much as one
 * that hits): a page is looked up key by key only when the portal holds this many times more
 * records than the page, so that a small page saved into years of records reads a few rows, not
 * every key of its portal.
 */
const KEYS_PER_GET = 10;

export async function saveCapture(
  db: MesDonneesDb,
  input: CaptureInput,
  now: () => Date = () => new Date(),
): Promise<Capture> {
  const captureId = crypto.randomUUID();
  const problems: Problem[] = [...input.problems];

  return db.transaction('rw', [db.records, db.captures, db.stats, db.pages], async () => {
    // An id hashes its source, so only this portal's records can match. Their keys come back in
    // one index request; in Chromium that is far cheaper than 2 000 gets that mostly miss on a
    // first save (measured: ~60 ms of a ~300 ms save). Unless the portal holds far more records
    // than the page: then each of the page's records is asked for (`known` null).
    const held = await heldBy(db, input.source);
    const known =
      input.records.length * KEYS_PER_GET < held
        ? null
        : await storedKeys(db.records.where('source').equals(input.source).primaryKeys());
    const stamp = now().toISOString();
    // Checking a record costs about as much as IndexedDB takes to write it, in another process:
    // each batch of new records is handed over as soon as it is checked, so the database writes
    // one batch while the next is checked. Nothing else is awaited until every record is checked.
    const added: RecordRow[] = [];
    const adding: Promise<unknown>[] = [];
    const sorted = sortIncoming(input.records, input.source, known, (batch) => {
      const rows = batch.map(({ id, record }) =>
        toRow(record, { id, captureId, capturedAt: stamp, updatedAt: stamp }),
      );
      added.push(...rows);
      adding.push(db.records.bulkAdd(rows));
    });
    problems.push(...sorted.problems);
    // Handled from now on: a refused batch aborts the transaction, and the save says why.
    const written = Promise.all(adding);

    const found = await db.records.bulkGet(sorted.seen.map(({ id }) => id));
    const toPut: RecordRow[] = [];
    const toAdd: RecordRow[] = [];
    let unchanged = sorted.duplicates;
    sorted.seen.forEach(({ id, record }, i) => {
      const old = found[i];
      if (!old) {
        toAdd.push(toRow(record, { id, captureId, capturedAt: stamp, updatedAt: stamp }));
        return;
      }
      keepStored(record, old, input.keepStored ?? []);
      if (sameFacts(old, record)) unchanged++;
      else toPut.push(toRow(record, { id, captureId, capturedAt: old.capturedAt, updatedAt: stamp }));
    });
    added.push(...toAdd);

    const parsed = Capture.safeParse({
      id: captureId,
      source: input.source,
      url: input.url,
      title: input.title,
      startedAt: input.startedAt,
      finishedAt: stamp,
      scraper: input.scraper,
      counts: {
        found: input.records.length,
        added: added.length,
        updated: toPut.length,
        unchanged,
        invalid: sorted.invalid,
      },
      problems,
      snapshotId: input.snapshotId ?? null,
    });
    // Throwing here aborts the transaction: no record is written without its capture.
    if (!parsed.success) throw new Error(`Capture invalide : ${describeZodIssues(parsed.error.issues)}`);

    await Promise.all([
      written,
      toAdd.length > 0 ? db.records.bulkAdd(toAdd) : undefined,
      toPut.length > 0 ? db.records.bulkPut(toPut) : undefined,
      db.captures.add(parsed.data),
      countWrites(db, { added, updated: toPut }),
    ]);
    if (input.page) {
      const { source, url } = input;
      await rememberPage(db, { source, url, ...input.page, captureId }, [
        ...added,
        ...sorted.seen.map(({ record }) => record),
      ]);
    }
    return parsed.data;
  });
}

/** How many records the portal holds, from the kept counts (../stats.ts). */
async function heldBy(db: MesDonneesDb, source: string): Promise<number> {
  const rows = await readStats(db);
  return rows.reduce((sum, row) => (row.source === source ? sum + row.count : sum), 0);
}

interface Checked {
  id: string;
  record: ScrapedRecord;
}

interface Sorted {
  /**
   * Valid records whose id is stored (or may be, when `known` is null): read, then compared with
   * the stored row before anything is written.
   */
  seen: Checked[];
  problems: Problem[];
  invalid: number;
  duplicates: number;
}

/**
 * Validates each record and gives it its id; the ones `known` says are not stored go to `write`, in
 * page order, by batches of WRITE_BATCH (with `known` null, none: each is read first). Synchronous: inside a transaction, nothing may be awaited between
 * the batches.
 */
function sortIncoming(
  records: readonly unknown[],
  source: string,
  known: ReadonlySet<string> | null,
  write: (batch: Checked[]) => void,
): Sorted {
  const sorted: Sorted = { seen: [], problems: [], invalid: 0, duplicates: 0 };
  const firstIndex = new Map<string, number>();
  let batch: Checked[] = [];
  records.forEach((raw, index) => {
    const check = validateRecord(raw, index, { source });
    if (!check.ok) {
      sorted.invalid++;
      sorted.problems.push(check.problem);
      return;
    }
    if (check.warnings) sorted.problems.push(...check.warnings);
    const id = recordId(check.record);
    const first = firstIndex.get(id);
    if (first !== undefined) {
      // The same fact twice on one page (a repeated header row, a paginated overlap): one copy.
      sorted.duplicates++;
      sorted.problems.push({
        level: 'warning',
        message: `Enregistrement n°${index + 1} ignoré : ligne en double du n°${first + 1}`,
        detail: preview(raw),
      });
      return;
    }
    firstIndex.set(id, index);
    const checked = { id, record: check.record };
    if (known === null || known.has(id)) {
      sorted.seen.push(checked);
      return;
    }
    batch.push(checked);
    if (batch.length === WRITE_BATCH) {
      write(batch);
      batch = [];
    }
  });
  if (batch.length > 0) write(batch);
  return sorted;
}

function keepStored(record: ScrapedRecord, stored: RecordRow, fields: readonly (keyof ScrapedRecord)[]) {
  const target = record as unknown as Record<string, unknown>;
  for (const field of fields) if (Object.hasOwn(stored, field)) target[field] = stored[field];
}

interface RowMeta {
  id: string;
  captureId: string;
  capturedAt: string;
  updatedAt: string;
}

/**
 * Completes the record in place: it is the copy zod built during validation, owned by this save,
 * and 2 000 object spreads were a tenth of the save's time.
 */
function toRow(record: ScrapedRecord, meta: RowMeta): RecordRow {
  // The LOINC code is derived here, when saved, never scraped (spec: lab-result `loinc`).
  if (record.kind === 'lab-result') return Object.assign(record, meta, { loinc: assignLoinc(record) });
  return Object.assign(record, meta);
}

/** Bookkeeping, not facts: a record that differs only there has not changed. */
const NOT_FACTS = new Set(['id', 'captureId', 'capturedAt', 'updatedAt', 'loinc']);

/** Compares the spec fields of a stored row and a scraped record, whatever their key order. */
function sameFacts(stored: object, scraped: object): boolean {
  return sameObject(stored, scraped, NOT_FACTS);
}

function sameObject(a: object, b: object, ignored: ReadonlySet<string> = new Set()): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keysA = Object.keys(ra).filter((k) => !ignored.has(k));
  const keysB = Object.keys(rb).filter((k) => !ignored.has(k));
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.hasOwn(rb, k) && sameValue(ra[k], rb[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // The only nested value of a record is `table-row`'s `cells`, a flat object of strings.
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && sameObject(a, b);
}

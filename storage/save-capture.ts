/**
 * Saving one click of "save": the page's records merged into the database by `id`, and the
 * capture that says what happened, written together or not at all.
 *
 * Everything that can be done outside the transaction (validation, hashing, de-duplication) is,
 * so the transaction is one `bulkGet` and at most three bulk writes: an IndexedDB transaction
 * commits as soon as it has no pending request, so awaiting anything else inside it is a bug.
 */
import { assignLoinc } from './analytes/normalise';
import { recordId } from './ids';
import type { MesDonneesDb, RecordRow } from './db';
import { rememberPage } from './pages';
import { countWrites } from './stats';
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
}

export async function saveCapture(
  db: MesDonneesDb,
  input: CaptureInput,
  now: () => Date = () => new Date(),
): Promise<Capture> {
  const captureId = crypto.randomUUID();
  const problems: Problem[] = [...input.problems];
  let invalid = 0;
  let duplicates = 0;
  // Insertion-ordered, so records are written in page order.
  const incoming = new Map<string, { record: ScrapedRecord; index: number }>();

  input.records.forEach((raw, index) => {
    const check = validateRecord(raw, index, { source: input.source });
    if (!check.ok) {
      invalid++;
      problems.push(check.problem);
      return;
    }
    const id = recordId(check.record);
    const first = incoming.get(id);
    if (first) {
      // The same fact twice on one page (a repeated header row, a paginated overlap): one copy.
      duplicates++;
      problems.push({
        level: 'warning',
        message: `Enregistrement n°${index + 1} ignoré : ligne en double du n°${first.index + 1}`,
        detail: preview(raw),
      });
      return;
    }
    incoming.set(id, { record: check.record, index });
  });

  const ids = [...incoming.keys()];
  const fresh = [...incoming.values()];

  return db.transaction('rw', [db.records, db.captures, db.stats, db.pages], async () => {
    // An id hashes its source, so only this portal's records can match. Their keys come back in
    // one index request; in Chromium that is far cheaper than 2 000 gets that mostly miss on a
    // first save (measured: ~60 ms of a ~300 ms save). Only known ids are then fetched.
    const known = new Set(await db.records.where('source').equals(input.source).primaryKeys());
    const found = await db.records.bulkGet(ids.filter((id) => known.has(id)));
    let next = 0;
    const existing = ids.map((id) => (known.has(id) ? found[next++] : undefined));
    const stamp = now().toISOString();
    const toAdd: RecordRow[] = [];
    const toPut: RecordRow[] = [];
    let unchanged = duplicates;

    existing.forEach((old, i) => {
      const id = ids[i];
      const item = fresh[i];
      if (id === undefined || item === undefined) return;
      const { record } = item;
      if (!old) {
        toAdd.push(toRow(record, { id, captureId, capturedAt: stamp, updatedAt: stamp }));
      } else if (sameFacts(old, record)) {
        unchanged++;
      } else {
        toPut.push(toRow(record, { id, captureId, capturedAt: old.capturedAt, updatedAt: stamp }));
      }
    });

    const parsed = Capture.safeParse({
      id: captureId,
      source: input.source,
      url: input.url,
      title: input.title,
      startedAt: input.startedAt,
      finishedAt: stamp,
      scraper: input.scraper,
      counts: { found: input.records.length, added: toAdd.length, updated: toPut.length, unchanged, invalid },
      problems,
      snapshotId: input.snapshotId ?? null,
    });
    // Throwing here aborts the transaction: no record is written without its capture.
    if (!parsed.success) throw new Error(`Capture invalide : ${describeZodIssues(parsed.error.issues)}`);

    await Promise.all([
      toAdd.length > 0 ? db.records.bulkAdd(toAdd) : undefined,
      toPut.length > 0 ? db.records.bulkPut(toPut) : undefined,
      db.captures.add(parsed.data),
      countWrites(db, { added: toAdd, updated: toPut }),
    ]);
    if (input.page) {
      const { source, url } = input;
      const page = { source, url, ...input.page, captureId };
      await rememberPage(
        db,
        page,
        fresh.map((item) => item.record),
      );
    }
    return parsed.data;
  });
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

/**
 * Import, first half: read the whole archive, validate everything, and say what importing it
 * would do — per kind, how many records are new, updated or unchanged; captures; files — without
 * writing anything. An archive that cannot be used throws an ArchiveError and changes nothing.
 *
 * Merging is by `id` (records, captures) and by SHA-256 (files), so importing the same archive
 * twice finds everything unchanged the second time. The records and captures to write wait in
 * the database's staging table (./staging.ts), a batch at a time, never all in memory; the files,
 * few and held as Blobs outside the page's heap, wait in the plan.
 */
import type { CaptureRow, FileRow, MesDonneesDb, RecordRow } from '../db';
import { sniffFileType } from '../file-type';
import { sha256Hex } from '../files';
import { getStored, storedKeys } from '../known-rows';
import { RECORD_KINDS, type RecordKind, timestamp } from '../schemas';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_UPGRADES,
  ArchiveError,
  type ArchiveUpgrade,
  upgradeCapture,
  upgradePath,
  upgradeRecord,
} from './envelope';
import { ArchiveJsonScanner, type ArchiveList } from './json-read';
import { openArchive, type ArchiveFile } from './open';
import { yieldToPage, type OnProgress } from './sink';
import { SeenIds } from './seen-ids';
import { discardImport, stageRows } from './staging';
import { captureRefusal, checkCapture, checkStoredRecord, recordRefusal } from './validate-stored';

export interface KindCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Changed in the archive, but changed later here: the newer copy is kept. */
  keptLocal: number;
}

export interface ImportPlan {
  container: 'json' | 'zip';
  encrypted: boolean;
  exportedAt: string | null;
  records: Record<RecordKind, KindCounts>;
  captures: { added: number; unchanged: number };
  files: { added: number; unchanged: number };
  warnings: string[];
  /** What applyImport writes: the records and captures staged under `importId`, and the files. */
  staged: { importId: string; records: number; captures: number };
  fileRows: FileRow[];
}

export interface PlanOptions {
  passphrase?: string;
  onProgress?: OnProgress;
  now?: () => Date;
  /** Tests of the upgrade mechanism pass their own steps. */
  upgrades?: readonly ArchiveUpgrade[];
}

/** Refusals listed before giving up: enough to see a pattern, not a wall of text. */
const MAX_REFUSALS = 5;
const BATCH = 500;

/** Bookkeeping, not facts: a record that differs only there has not changed (as when saving). */
const NOT_FACTS = new Set(['id', 'captureId', 'capturedAt', 'updatedAt', 'loinc']);

export function sameFacts(a: object, b: object): boolean {
  return sameObject(a, b, NOT_FACTS);
}

function sameObject(a: object, b: object, ignored: ReadonlySet<string> = new Set()): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra).filter((k) => !ignored.has(k));
  if (keys.length !== Object.keys(rb).filter((k) => !ignored.has(k)).length) return false;
  return keys.every((k) => Object.hasOwn(rb, k) && sameValue(ra[k], rb[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // The only nested value of a record is `table-row`'s `cells`, whose key order is not a fact.
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && sameObject(a, b);
}

export type Verdict = 'added' | 'updated' | 'unchanged' | 'keptLocal';

/** How an archived record compares with the local one (absent: undefined). */
export function verdict(incoming: RecordRow, local: RecordRow | undefined): Verdict {
  if (!local) return 'added';
  if (sameFacts(local, incoming)) return 'unchanged';
  return incoming.updatedAt < local.updatedAt ? 'keptLocal' : 'updated';
}

/** The row an update writes: the archive's facts, the history's first capture date. */
export function mergedRow(incoming: RecordRow, local: RecordRow | undefined): RecordRow {
  if (!local || local.capturedAt >= incoming.capturedAt) return incoming;
  return { ...incoming, capturedAt: local.capturedAt };
}

const emptyCounts = (): Record<RecordKind, KindCounts> =>
  Object.fromEntries(
    RECORD_KINDS.map((k) => [k, { added: 0, updated: 0, unchanged: 0, keptLocal: 0 }]),
  ) as Record<RecordKind, KindCounts>;

export async function planImport(
  db: MesDonneesDb,
  file: Blob,
  options: PlanOptions = {},
): Promise<ImportPlan> {
  const opened = await openArchive(file, { passphrase: options.passphrase, onProgress: options.onProgress });
  const plan: ImportPlan = {
    container: opened.container,
    encrypted: opened.encrypted,
    exportedAt: null,
    records: emptyCounts(),
    captures: { added: 0, unchanged: 0 },
    files: { added: 0, unchanged: 0 },
    warnings: [],
    staged: { importId: crypto.randomUUID(), records: 0, captures: 0 },
    fileRows: [],
  };
  try {
    return await planInto(db, opened, plan, options);
  } catch (error) {
    // A refused archive leaves nothing behind, its staged rows included.
    await discardImport(db, plan.staged.importId);
    throw error;
  }
}

async function planInto(
  db: MesDonneesDb,
  opened: Awaited<ReturnType<typeof openArchive>>,
  plan: ImportPlan,
  options: PlanOptions,
): Promise<ImportPlan> {
  const now = options.now ?? (() => new Date());
  const archiveFiles = await planFiles(db, opened.files, plan, now, options.onProgress);
  const stored: Stored = {
    records: await storedKeys(db.records.toCollection().primaryKeys()),
    captures: await storedKeys(db.captures.toCollection().primaryKeys()),
  };
  const available = new Set([
    ...archiveFiles,
    ...((await db.files.toCollection().primaryKeys()) as string[]),
  ]);

  let format: unknown;
  let path: ArchiveUpgrade[] | null = null;
  const pending: [ArchiveList, unknown, number][] = [];
  const refusals: string[] = [];
  const seen = new SeenIds();
  let records: RecordRow[] = [];
  let captures: CaptureRow[] = [];

  const refuse = (message: string) => {
    refusals.push(message);
    if (refusals.length >= MAX_REFUSALS) throw new ArchiveError('invalid-record', refusals.join('\n'));
  };
  const take = (list: ArchiveList, raw: unknown, index: number) => {
    if (list === 'captures') {
      const check = checkCapture(upgradeCapture(raw, path!));
      if (check.ok) captures.push(check.value);
      else refuse(captureRefusal(index, check.reason));
      return;
    }
    const check = checkStoredRecord(upgradeRecord(raw, path!));
    if (!check.ok) return refuse(recordRefusal(index, check.reason));
    for (const warning of check.warnings ?? [])
      plan.warnings.push(`Enregistrement n°${index + 1} : ${warning}`);
    let record = check.value;
    const first = seen.add(record.id, index);
    if (first !== undefined) return refuse(recordRefusal(index, `même identifiant que le n°${first + 1}`));
    if (record.kind === 'document' && record.fileId !== null && !available.has(record.fileId)) {
      plan.warnings.push(
        `Document « ${record.title} » : fichier absent de l'archive et de ce navigateur, lien retiré.`,
      );
      record = { ...record, fileId: null, sha256: null };
    }
    records.push(record);
  };
  const scanner = new ArchiveJsonScanner({
    member(key, value) {
      if (key === 'format') {
        format = value;
        if (value !== ARCHIVE_FORMAT)
          throw new ArchiveError('unknown-format', `format ${JSON.stringify(value)}`);
      } else if (key === 'version') {
        path = upgradePath(value, options.upgrades ?? ARCHIVE_UPGRADES);
      } else if (key === 'exportedAt') {
        plan.exportedAt = timestamp.safeParse(value).success ? (value as string) : null;
      }
    },
    element(list, value, index) {
      // Our archives name their format and version first; any other order is read all the same.
      if (format === undefined || path === null) pending.push([list, value, index]);
      else take(list, value, index);
    },
  });

  let seq = 0;
  const flush = async () => {
    const [r, c] = [records, captures];
    records = [];
    captures = [];
    const rows = await classify(db, stored, r, c, plan);
    seq = await stageRows(db, plan.staged.importId, seq, rows, now());
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new ArchiveError('not-archive', 'texte non UTF-8');
    }
  };
  let read = 0;
  for await (const chunk of opened.json()) {
    scanner.push(decode(chunk));
    read += chunk.byteLength;
    if (records.length + captures.length >= BATCH) await flush();
    options.onProgress?.({ phase: 'read', done: read, total: opened.jsonSize });
    await yieldToPage();
  }
  scanner.push(decode());
  scanner.end();
  if (format === undefined) throw new ArchiveError('not-archive', 'champ « format » absent');
  if (path === null) throw new ArchiveError('unknown-format', 'champ « version » absent');
  for (const [list, value, index] of pending.splice(0)) take(list, value, index);
  if (refusals.length > 0) throw new ArchiveError('invalid-record', refusals.join('\n'));
  await flush();
  return plan;
}

/** The keys stored when the plan started: only those are looked up (apply looks again). */
interface Stored {
  records: ReadonlySet<string>;
  captures: ReadonlySet<string>;
}

/** Counts a batch's verdicts; returns the rows to write, for the staging table. */
async function classify(
  db: MesDonneesDb,
  stored: Stored,
  records: RecordRow[],
  captures: CaptureRow[],
  plan: ImportPlan,
): Promise<{ table: 'records' | 'captures'; row: RecordRow | CaptureRow }[]> {
  const rows: { table: 'records' | 'captures'; row: RecordRow | CaptureRow }[] = [];
  const locals = await getStored(
    db.records,
    records.map((r) => r.id),
    stored.records,
  );
  records.forEach((record, i) => {
    const local = locals[i];
    const v = verdict(record, local);
    plan.records[record.kind][v]++;
    if (v === 'added' || v === 'updated') {
      rows.push({ table: 'records', row: mergedRow(record, local) });
      plan.staged.records++;
    }
  });
  const known = await getStored(
    db.captures,
    captures.map((c) => c.id),
    stored.captures,
  );
  captures.forEach((capture, i) => {
    if (known[i]) plan.captures.unchanged++;
    else {
      plan.captures.added++;
      rows.push({ table: 'captures', row: capture });
      plan.staged.captures++;
    }
  });
  return rows;
}

/** Checks every file's bytes against its name; returns the ids of the archive's files. */
async function planFiles(
  db: MesDonneesDb,
  files: readonly ArchiveFile[],
  plan: ImportPlan,
  now: () => Date,
  onProgress: OnProgress | undefined,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, file] of files.entries()) {
    const bytes = await file.bytes();
    if ((await sha256Hex(bytes)) !== file.sha256) throw new ArchiveError('corrupt-file', file.name);
    ids.push(file.sha256);
    if (await db.files.get(file.sha256)) plan.files.unchanged++;
    else {
      plan.files.added++;
      plan.fileRows.push(fileRow(file, bytes, now));
    }
    onProgress?.({ phase: 'files', done: i + 1, total: files.length });
    await yieldToPage();
  }
  return ids;
}

function fileRow(file: ArchiveFile, bytes: Uint8Array<ArrayBuffer>, now: () => Date): FileRow {
  const m = file.manifest;
  // The archive's manifest may say anything: the type is the bytes' own.
  const mimeType = sniffFileType(bytes);
  const savedAt = timestamp.safeParse(m?.savedAt).success ? m!.savedAt : now().toISOString();
  return {
    id: file.sha256,
    sha256: file.sha256,
    size: bytes.byteLength,
    mimeType,
    blob: new Blob([bytes], { type: mimeType ?? 'application/octet-stream' }),
    url: typeof m?.url === 'string' ? m.url : null,
    savedAt,
  };
}

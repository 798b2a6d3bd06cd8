/**
 * Exports, as the person chooses them: the JSON archive, CSV, a FHIR bundle, or a ZIP of all of
 * these with the document files; any of them protected by a passphrase. Each format is a pass
 * over the selected records in pages (see selection.ts), written straight into a Blob.
 */
import type { MesDonneesDb } from '../db';
import type { RecordKind } from '../schemas';
import { encryptBlob } from './crypto';
import { csvDialect, csvFileName, type CsvLocale, writeCsv } from './csv';
import { archiveStem, type AppInfo } from './envelope';
import { readBlobBytes, type ReadFileBytes, writeFhirBundle } from './fhir/bundle';
import type { ZoneOf } from './fhir/common';
import { writeJsonArchive } from './json-write';
import { readmeName, readmeText } from './readme';
import { countSelection, isWholeArchive, selectedKinds, type Selection } from './selection';
import { BlobSink, type OnProgress, yieldToPage } from './sink';
import { type ZipEntry, ZipWriter } from './zip-write';
import { FILE_TYPES, type FileType, sniffFileType } from '../file-type';

export type ExportFormat = 'json' | 'csv' | 'fhir' | 'zip';

export interface ExportOptions {
  format: ExportFormat;
  selection?: Selection;
  /** The interface's language: CSV dialect and README. */
  locale: CsvLocale;
  app: AppInfo;
  /** When set, the file is encrypted with it (see crypto.ts). */
  passphrase?: string;
  now?: () => Date;
  zone?: ZoneOf;
  readFile?: ReadFileBytes;
  onProgress?: OnProgress;
  /** Tests only: fewer PBKDF2 iterations are refused, more make them slow. */
  iterations?: number;
}

export interface ExportResult {
  blob: Blob;
  filename: string;
  records: number;
  captures: number;
  files: number;
}

const JSON_TYPE = 'application/json';
const FHIR_TYPE = 'application/fhir+json';
const CSV_TYPE = 'text/csv;charset=utf-8';
const ZIP_TYPE = 'application/zip';

export const ARCHIVE_ENTRY = 'archive.json';
export const FHIR_ENTRY = 'fhir/bundle.json';
export const FILES_MANIFEST = 'files.json';
export const FILES_DIR = 'files/';

/** `files/<sha256>.pdf`: named by content, as the database keys it, with its verified type's extension. */
export function fileEntryName(sha256: string, type: FileType | null): string {
  return `${FILES_DIR}${sha256}${type ? FILE_TYPES[type] : ''}`;
}

export async function exportArchive(db: MesDonneesDb, options: ExportOptions): Promise<ExportResult> {
  const selection = options.selection ?? {};
  const now = (options.now ?? (() => new Date()))();
  const stem = archiveStem(now);
  const total = await countSelection(db, selection);
  const common = { now: () => now, onProgress: options.onProgress, total };
  let result: ExportResult;

  switch (options.format) {
    case 'json': {
      const sink = new BlobSink();
      const summary = await writeJsonArchive(db, selection, sink, { ...common, app: options.app });
      result = {
        ...counts(summary.records, summary.captures, 0),
        blob: sink.toBlob(JSON_TYPE),
        filename: `${stem}.json`,
      };
      break;
    }
    case 'fhir': {
      const sink = new BlobSink();
      const summary = await writeFhirBundle(db, selection, sink, {
        ...common,
        zone: options.zone,
        readFile: options.readFile,
      });
      result = {
        ...counts(summary.resources, 0, 0),
        blob: sink.toBlob(FHIR_TYPE),
        filename: `${stem}-fhir.json`,
      };
      break;
    }
    case 'csv':
      result = await exportCsv(db, selection, options, stem);
      break;
    case 'zip':
      result = await exportZip(db, selection, options, now, stem, total);
      break;
  }

  if (options.passphrase) {
    const blob = await encryptBlob(result.blob, options.passphrase, {
      onProgress: options.onProgress,
      iterations: options.iterations,
    });
    result = { ...result, blob, filename: `${result.filename}.enc` };
  }
  return result;
}

function counts(records: number, captures: number, files: number) {
  return { records, captures, files };
}

/** One kind chosen: its CSV file. Several: a ZIP of one CSV per kind, since a CSV holds one table. */
async function exportCsv(db: MesDonneesDb, selection: Selection, options: ExportOptions, stem: string) {
  const dialect = csvDialect(options.locale);
  const kinds = selectedKinds(selection);
  let done = 0;
  const onRows = (rows: number) => options.onProgress?.({ phase: 'csv', done: (done += rows), total: 0 });
  if (kinds.length === 1) {
    const kind = kinds[0]!;
    const sink = new BlobSink();
    const rows = await writeCsv(db, kind, selection, dialect, () => sink, onRows);
    return { ...counts(rows, 0, 0), blob: sink.toBlob(CSV_TYPE), filename: `${stem}-${kind}.csv` };
  }
  const sink = new BlobSink();
  const zip = new ZipWriter(sink);
  let rows = 0;
  for (const kind of kinds) rows += await writeCsvEntry(db, zip, kind, selection, options.locale, onRows, '');
  zip.end();
  return { ...counts(rows, 0, 0), blob: sink.toBlob(ZIP_TYPE), filename: `${stem}-csv.zip` };
}

async function writeCsvEntry(
  db: MesDonneesDb,
  zip: ZipWriter,
  kind: RecordKind,
  selection: Selection,
  locale: CsvLocale,
  onRows: (rows: number) => void,
  folder: string,
): Promise<number> {
  // Opened on the first row: a kind with nothing selected leaves no empty file behind.
  const opened: { entry?: ZipEntry } = {};
  const open = () => (opened.entry = zip.open(`${folder}${csvFileName(kind)}`));
  const rows = await writeCsv(db, kind, selection, csvDialect(locale), open, onRows);
  opened.entry?.close();
  return rows;
}

async function exportZip(
  db: MesDonneesDb,
  selection: Selection,
  options: ExportOptions,
  now: Date,
  stem: string,
  total: number,
): Promise<ExportResult> {
  const sink = new BlobSink();
  const zip = new ZipWriter(sink, now);
  const progress = { now: () => now, onProgress: options.onProgress, total };

  const json = zip.open(ARCHIVE_ENTRY);
  const summary = await writeJsonArchive(db, selection, json, { ...progress, app: options.app });
  json.close();

  const csvFiles: string[] = [];
  let csvRows = 0;
  for (const kind of selectedKinds(selection)) {
    const rows = await writeCsvEntry(
      db,
      zip,
      kind,
      selection,
      options.locale,
      (n) => options.onProgress?.({ phase: 'csv', done: (csvRows += n), total: summary.records }),
      'csv/',
    );
    if (rows > 0) csvFiles.push(`csv/${csvFileName(kind)}`);
  }

  const fhir = zip.open(FHIR_ENTRY);
  const fhirSummary = await writeFhirBundle(db, selection, fhir, {
    ...progress,
    zone: options.zone,
    readFile: options.readFile,
  });
  fhir.close();

  const files = await writeFiles(
    db,
    zip,
    summary.fileIds,
    options.readFile ?? readBlobBytes,
    options.onProgress,
  );
  zip.add(
    readmeName(options.locale),
    readmeText(options.locale, {
      exportedAt: now.toISOString(),
      records: summary.records,
      captures: summary.captures,
      files,
      csvFiles,
      whole: isWholeArchive(selection),
      fhirSkipped: fhirSummary.skipped,
    }),
  );
  zip.end();
  return {
    ...counts(summary.records, summary.captures, files),
    blob: sink.toBlob(ZIP_TYPE),
    filename: `${stem}.zip`,
  };
}

/** What import needs to store a file again as it was: the database row without its bytes. */
export interface FileManifestEntry {
  name: string;
  sha256: string;
  size: number;
  mimeType: string | null;
  url: string | null;
  savedAt: string;
}

async function writeFiles(
  db: MesDonneesDb,
  zip: ZipWriter,
  fileIds: ReadonlySet<string>,
  readFile: ReadFileBytes,
  onProgress: OnProgress | undefined,
): Promise<number> {
  const manifest: FileManifestEntry[] = [];
  let done = 0;
  for (const id of [...fileIds].sort()) {
    const row = await db.files.get(id);
    done++;
    // A document may point at a file the person deleted: the record says so, nothing to add.
    if (!row) continue;
    const bytes = await readFile(row);
    // Files saved before types were checked carry the server's word: the bytes say it again.
    const type = sniffFileType(bytes);
    const name = fileEntryName(row.sha256, type);
    zip.add(name, bytes, { store: true });
    manifest.push({
      name,
      sha256: row.sha256,
      size: row.size,
      mimeType: type,
      url: row.url,
      savedAt: row.savedAt,
    });
    onProgress?.({ phase: 'files', done, total: fileIds.size });
    await yieldToPage();
  }
  if (manifest.length > 0) zip.add(FILES_MANIFEST, `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest.length;
}

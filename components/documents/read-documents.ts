/**
 * Reading documents in the dashboard: the files saved from the portals (read once, on their
 * own, when the dashboard opens) and the files the person brings (« Importer un document »).
 * Parsing needs the page's DOMParser (and pdf.js for a PDF), which the background worker has
 * not: hence here. Each document is read and saved on its own, all or nothing; a document that
 * cannot be read is kept as a file, with the reason shown.
 */
import { documentReaders, findDocumentReader } from '../../scrapers/document-registry';
import {
  decodeXml,
  type DocumentReading,
  fileUrn,
  parseXml,
  needsRendition,
  readBroughtFile,
  readRendition,
  readSavedFile,
  UnreadableXmlError,
} from '../../scrapers/document-runner';
import { UnreadablePdfError } from '../../lib/pdf-pages';
import type { DocumentInput } from '../../scrapers/documents';
import { BROUGHT_SOURCE } from '../../lib/portal-label';
import type { MesDonneesDb } from '../../storage/db';
import { markRead, saveDocumentReading, unreadDocuments } from '../../storage/document-reads';
import { openXdm, xdmDocumentBytes, xdmDocumentName } from '../../scrapers/document-package';
import { sniffFileType, SNIFF_BYTES } from '../../storage/file-type';
import { describeLimit, LIMITS } from '../../storage/limits';
import { MAX_FILE_BYTES, storeFile } from '../../storage/files';
import type { HealthDocument, Problem, ScrapedRecord } from '../../storage/schemas';
import { validateRecords } from '../../storage/validate';

/** The readers and their versions: a file is read again when this changes. */
export const READERS = documentReaders.map((reader) => `${reader.id}@${reader.version}`).join(' ');

/** The file types some reader reads, as their bytes say. */
export const READ_TYPES: ReadonlySet<string> = new Set(['application/xml', 'application/pdf']);

export interface ReadOutcome {
  /** The document's title (or the file's name). */
  title: string;
  /** `read`: its records are saved; `unreadable`: kept as a file, `message` says why. */
  status: 'read' | 'unreadable';
  /** Records read from it (0 when unreadable). */
  records: number;
  /** Records that were not in the archive before. */
  added: number;
  message: string | null;
  /** The warnings of a read document (a result without value…). */
  problems: Problem[];
}

/** The document in a file's bytes; null when no reader takes files of its type. */
export async function inputOf(bytes: Uint8Array, type: string | null): Promise<DocumentInput | null> {
  if (type === 'application/xml') return { format: 'xml', doc: parseXml(decodeXml(bytes), new DOMParser()) };
  if (type === 'application/pdf') return { format: 'pdf', pages: await pdfPagesOf(bytes) };
  return null;
}

/** pdf.js is loaded the first time a PDF is read, not with the dashboard. */
async function pdfPagesOf(bytes: Uint8Array) {
  const { browserPdfPages } = await import('./pdf-text');
  return browserPdfPages(bytes);
}

const unreadable = (error: unknown): error is Error =>
  error instanceof UnreadableXmlError || error instanceof UnreadablePdfError;

/** A CDA that is only a PDF is read through its PDF, as the same document. */
async function withRendition(reading: DocumentReading | null): Promise<DocumentReading | null> {
  if (!reading || !needsRendition(reading)) return reading;
  try {
    const input: DocumentInput = { format: 'pdf', pages: await pdfPagesOf(reading.rendition!.bytes) };
    return readRendition(reading, input, findDocumentReader, validateRecords);
  } catch (error) {
    if (error instanceof UnreadablePdfError) return reading;
    throw error;
  }
}

/** The first error's message, without the reader's words around it. */
function reasonOf(reading: DocumentReading | null, fallback: string): string {
  return reading?.problems.find((problem) => problem.level === 'error')?.message ?? fallback;
}

const CANNOT_READ =
  'lecture automatique impossible : ce document n’est pas un compte rendu que l’extension sait lire';

/**
 * The rendered report a document carries (a CDA's PDF), as a document of its own so that the
 * person can open it: stored by its bytes, named after the document.
 */
async function renditionRecord(
  db: MesDonneesDb,
  reading: DocumentReading,
  about: {
    source: string;
    sourceUrl: string;
    patient: string | null;
    date: string;
    title: string;
    author: string | null;
  },
): Promise<ScrapedRecord[]> {
  if (!reading.rendition || reading.status !== 'ok') return [];
  const stored = await storeFile(db, { url: about.sourceUrl, bytes: reading.rendition.bytes });
  // A printable copy of what its document says: never read on its own, which would say it twice.
  await markRead(db, row(stored.fileId, 'read', null, null));
  return [
    {
      kind: 'document',
      source: about.source,
      patient: about.patient,
      date: about.date,
      sourceUrl: about.sourceUrl,
      title: `${about.title} (version imprimable)`,
      docType: reading.document?.docType ?? 'report',
      author: about.author,
      url: null,
      mimeType: 'application/pdf',
      fileId: stored.fileId,
      sha256: stored.sha256,
    },
  ];
}

/**
 * Reads one document saved from a portal, and saves what it gives under the portal's name. Null
 * when no reader recognises it (a prescription, a statement): nothing to say about it.
 */
export async function readStoredDocument(
  db: MesDonneesDb,
  document: HealthDocument,
): Promise<ReadOutcome | null> {
  const startedAt = new Date().toISOString();
  const fileId = document.fileId!;
  const file = await db.files.get(fileId);
  const outcome = (status: ReadOutcome['status'], message: string | null): ReadOutcome => ({
    title: document.title,
    status,
    records: 0,
    added: 0,
    message,
    problems: [],
  });
  if (!file) return outcome('unreadable', 'le fichier n’est plus dans les données');
  const bytes = new Uint8Array(await file.blob.arrayBuffer());
  let reading: DocumentReading | null;
  try {
    const input = await inputOf(bytes, sniffFileType(bytes));
    reading = await withRendition(
      input && readSavedFile(input, document, findDocumentReader, validateRecords),
    );
  } catch (error) {
    if (!unreadable(error)) throw error;
    await markRead(db, row(fileId, 'unreadable', null, error.message));
    return outcome('unreadable', `le fichier n'est pas lisible : ${error.message}`);
  }
  if (!reading) {
    await markRead(db, row(fileId, 'none', null, null));
    return null;
  }
  if (reading.status !== 'ok') {
    const message = reasonOf(reading, CANNOT_READ);
    await markRead(db, row(fileId, 'unreadable', null, message));
    return outcome('unreadable', message);
  }
  const rendition = await renditionRecord(db, reading, {
    source: document.source,
    sourceUrl: document.url ?? document.sourceUrl,
    patient: document.patient,
    date: document.date,
    title: document.title,
    author: document.author,
  });
  const capture = await saveDocumentReading(db, {
    reader: reading.reader,
    source: document.source,
    url: document.url ?? document.sourceUrl,
    title: document.title,
    records: [...reading.records, ...rendition],
    problems: reading.problems,
    startedAt,
  });
  await markRead(db, row(fileId, 'read', capture.id, null));
  return {
    title: document.title,
    status: 'read',
    records: reading.records.length,
    added: capture.counts.added - rendition.length,
    message: null,
    problems: reading.problems,
  };
}

function row(
  fileId: string,
  status: 'read' | 'unreadable' | 'none',
  captureId: string | null,
  message: string | null,
) {
  return { fileId, readers: READERS, status, readAt: new Date().toISOString(), captureId, message };
}

/** Why a brought file is refused before anything is stored. */
export class RefusedFileError extends Error {
  override readonly name = 'RefusedFileError';
}

/**
 * Reads a file the person brought, stores it, and saves its document record and what it gives.
 * A CDA or PDF that cannot be read is kept all the same, as a document named after the file;
 * anything else (an image, a text) is refused with a message, and nothing is stored.
 */
export async function importDocumentFile(db: MesDonneesDb, file: File): Promise<ReadOutcome> {
  const startedAt = new Date().toISOString();
  if (file.size > MAX_FILE_BYTES) {
    throw new RefusedFileError(`le fichier dépasse ${Math.round(MAX_FILE_BYTES / 1024 / 1024)} Mo`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffFileType(bytes);
  if (!READ_TYPES.has(type ?? '')) {
    throw new RefusedFileError(
      'ce fichier n’est ni un document médical structuré (CDA, XML) ni un compte rendu PDF',
    );
  }
  // Stored by its bytes (a file brought twice is one file); it came from no address.
  const { sha256 } = await storeFile(db, { url: null, bytes });
  let reading: DocumentReading | null = null;
  let failure: string | null = null;
  try {
    const input = await inputOf(bytes, type);
    reading = await withRendition(
      input &&
        readBroughtFile(
          input,
          { sha256, mimeType: type!, name: file.name },
          findDocumentReader,
          validateRecords,
        ),
    );
  } catch (error) {
    if (!unreadable(error)) throw error;
    failure = `le fichier n'est pas lisible : ${error.message}`;
  }

  if (reading?.status === 'ok' && reading.document) {
    const document = reading.document;
    const rendition = await renditionRecord(db, reading, { ...document });
    const capture = await saveDocumentReading(db, {
      reader: reading.reader,
      source: document.source,
      url: document.sourceUrl,
      title: document.title,
      records: [document, ...reading.records, ...rendition],
      problems: reading.problems,
      startedAt,
    });
    await markRead(db, row(sha256, 'read', capture.id, null));
    return {
      title: document.title,
      status: 'read',
      records: reading.records.length,
      added: Math.max(0, capture.counts.added - 1 - rendition.length),
      message: null,
      problems: reading.problems,
    };
  }

  // Kept as a file, named after itself, dated the day it was last changed.
  const message = failure ?? reasonOf(reading, CANNOT_READ);
  const title = file.name.replace(/\s+/g, ' ').trim() || 'Document importé';
  const kept: ScrapedRecord = {
    kind: 'document',
    source: BROUGHT_SOURCE,
    patient: null,
    date: new Date(file.lastModified || Date.now()).toISOString().slice(0, 10),
    sourceUrl: fileUrn(sha256),
    title,
    docType: 'other',
    author: null,
    url: null,
    mimeType: type,
    fileId: sha256,
    sha256,
  };
  const capture = await saveDocumentReading(db, {
    reader: reading?.reader ?? { id: BROUGHT_SOURCE, version: '1.0.0' },
    source: BROUGHT_SOURCE,
    url: fileUrn(sha256),
    title,
    records: [kept],
    problems: [{ level: 'error', message }],
    startedAt,
  });
  await markRead(db, row(sha256, reading ? 'unreadable' : 'none', capture.id, message));
  return { title, status: 'unreadable', records: 0, added: 0, message, problems: [] };
}

export interface ReadProgress {
  done: number;
  total: number;
}

const NOT_A_PACKAGE =
  'ce ZIP n’est pas un dossier médical exporté par un portail (paquet IHE XDM) ; une sauvegarde de l’extension s’importe depuis Réglages';

/** The outcome of a file, or of a package's document, that gave nothing, and why. */
export const unreadableOutcome = (title: string, message: string): ReadOutcome => ({
  title,
  status: 'unreadable',
  records: 0,
  added: 0,
  message,
  problems: [],
});

/**
 * Reads what the person brought: one document (`importDocumentFile`), or an IHE XDM package, the
 * ZIP a portal gives as « download my record » (MyChart's export), each of its documents read and
 * saved on its own as if brought alone. One outcome per document, and one per document the
 * package announces and cannot give. Stops between two documents when `signal` aborts; each
 * document saved whole or not at all. Throws RefusedFileError for a ZIP that is no package, and
 * the archive reader's ArchiveError for one that breaks its bounds (a zip bomb, an unsafe name):
 * then nothing is stored.
 */
export async function importBroughtFile(
  db: MesDonneesDb,
  file: File,
  options: { signal?: AbortSignal; onProgress?: (progress: ReadProgress) => void } = {},
): Promise<ReadOutcome[]> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  if (sniffFileType(head) !== 'application/zip') return [await importDocumentFile(db, file)];
  if (file.size > LIMITS.archiveBytes.value) {
    throw new RefusedFileError(`le fichier dépasse ${describeLimit('archiveBytes')}`);
  }
  const xdm = await openXdm(file, new DOMParser());
  if (!xdm) throw new RefusedFileError(NOT_A_PACKAGE);
  if (xdm.documents.length === 0 && xdm.problems.length === 0) {
    throw new RefusedFileError('ce dossier médical exporté ne contient aucun document');
  }
  const outcomes = xdm.problems.map((problem) => unreadableOutcome(file.name, problem));
  const total = xdm.documents.length;
  options.onProgress?.({ done: 0, total });
  let done = 0;
  for (const document of xdm.documents) {
    if (options.signal?.aborted) break;
    // Named after itself, not the ZIP: the same export saved twice under two names is one.
    const name = xdmDocumentName(document);
    const bytes = await xdmDocumentBytes(file, document);
    try {
      outcomes.push(
        await importDocumentFile(db, new File([bytes], name, { lastModified: file.lastModified })),
      );
    } catch (error) {
      if (!(error instanceof RefusedFileError)) throw error;
      outcomes.push(unreadableOutcome(name, error.message));
    }
    options.onProgress?.({ done: ++done, total });
  }
  return outcomes;
}

/**
 * Reads every stored portal document not read by the current readers yet, one at a time; stops
 * between two documents when `signal` aborts (each one is saved whole or not at all).
 */
export async function readUnreadDocuments(
  db: MesDonneesDb,
  options: { signal?: AbortSignal; onProgress?: (progress: ReadProgress) => void } = {},
): Promise<ReadOutcome[]> {
  const documents = await unreadDocuments(db, READERS, READ_TYPES);
  const outcomes: ReadOutcome[] = [];
  options.onProgress?.({ done: 0, total: documents.length });
  let done = 0;
  for (const document of documents) {
    if (options.signal?.aborted) break;
    const outcome = await readStoredDocument(db, document);
    if (outcome) outcomes.push(outcome);
    options.onProgress?.({ done: ++done, total: documents.length });
  }
  return outcomes;
}

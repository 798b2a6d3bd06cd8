/**
 * Runs a document reader and never throws, as ./runner.ts does for a page: the caller gets the
 * records it may keep, what the document is, and problems written for the person. Also the
 * steps around it that need no browser: decoding an XML file's text by its own declaration,
 * the `document` record of a file the person brought, and linking records to their document.
 */
import { recordId } from '../storage/ids';
import type { Problem, ScrapedRecord, ScraperRef } from '../storage/schemas';
import type { DocumentAbout, DocumentInput, DocumentOutput, DocumentReader, Provenance } from './documents';
import { DocumentLayoutError } from './documents';
import { parseFailed } from './helpers/xml';
import type { RecordValidator } from './runner';

export interface DocumentRun {
  reader: ScraperRef;
  /** `broken`: not in a shape the reader understands; `failed`: the reader crashed. */
  status: 'ok' | 'broken' | 'failed';
  about: DocumentAbout | null;
  records: ScrapedRecord[];
  problems: Problem[];
  rendition: DocumentOutput['rendition'];
}

export function runDocumentReader(
  reader: DocumentReader,
  input: DocumentInput,
  from: Provenance,
  name: string,
  validate?: RecordValidator,
): DocumentRun {
  const ref: ScraperRef = { id: reader.id, version: reader.version };
  const reported: Problem[] = [];
  const ctx = { problem: (problem: Problem) => void reported.push(problem) };
  const who = `(${reader.id} ${reader.version})`;
  try {
    const output = reader.read(input, from, ctx);
    const checked = validate ? validate(output.records, { source: from.source }) : null;
    return {
      reader: ref,
      status: 'ok',
      about: output.about,
      records: checked ? checked.valid : output.records,
      problems: [...reported, ...(checked?.problems ?? [])],
      rendition: output.rendition,
    };
  } catch (error) {
    const broken = error instanceof DocumentLayoutError;
    const problem: Problem = broken
      ? {
          level: 'error',
          message: `Le document « ${name} » n'a pas pu être lu ${who} : ${error.message}. Il est gardé tel quel.`,
        }
      : {
          level: 'error',
          message: `La lecture du document « ${name} » a échoué ${who} : erreur inattendue du module de lecture. Il est gardé tel quel.`,
          detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        };
    return {
      reader: ref,
      status: broken ? 'broken' : 'failed',
      about: null,
      records: [],
      problems: [...reported, problem],
      rendition: null,
    };
  }
}

/** The file is not text in the encoding it declares, or not well-formed XML. */
export class UnreadableXmlError extends Error {
  override readonly name = 'UnreadableXmlError';
}

/**
 * An XML file's text, in the encoding its bytes say: a byte order mark, else the declaration's
 * `encoding` (a CDA is UTF-8 as a rule, ISO-8859-1 now and then), else UTF-8.
 */
export function decodeXml(bytes: Uint8Array): string {
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    let prolog = '';
    for (let i = 0; i < Math.min(bytes.length, 200); i++) prolog += String.fromCharCode(bytes[i]!);
    label = /^<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(prolog)?.[1]?.toLowerCase() ?? 'utf-8';
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new UnreadableXmlError(`encodage « ${label} » inconnu`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UnreadableXmlError(`le texte n'est pas en ${label} comme il le déclare`);
  }
}

/** Parses XML text with the given DOMParser; throws UnreadableXmlError on malformed XML. */
export function parseXml(text: string, parser: Pick<DOMParser, 'parseFromString'>): Document {
  // A document type declaration could define entities (a « billion laughs »): a CDA has none.
  if (/<!DOCTYPE/i.test(text.slice(0, 4096))) throw new UnreadableXmlError('déclaration DOCTYPE refusée');
  const doc = parser.parseFromString(text, 'application/xml');
  if (parseFailed(doc)) throw new UnreadableXmlError("ce n'est pas du XML bien formé");
  return doc;
}

/** `urn:sha256:<hex>`: the `sourceUrl` of what was read from a file the person brought. */
export function fileUrn(sha256: string): string {
  return `urn:sha256:${sha256}`;
}

/** The `document` record of a file the person brought, from what its reader says it is. */
export function broughtDocument(
  about: DocumentAbout,
  reader: ScraperRef,
  file: { sha256: string; mimeType: string },
): Extract<ScrapedRecord, { kind: 'document' }> {
  return {
    kind: 'document',
    source: reader.id,
    patient: about.patient,
    date: about.date,
    sourceUrl: fileUrn(file.sha256),
    title: about.title,
    docType: about.docType,
    author: about.author,
    url: null,
    mimeType: file.mimeType,
    fileId: file.sha256,
    sha256: file.sha256,
  };
}

/** Points every record that can say so at the document it was read from. */
export function linkToDocument(records: ScrapedRecord[], document: ScrapedRecord): ScrapedRecord[] {
  const id = recordId(document);
  return records.map((record) => ('fromDocument' in record ? { ...record, fromDocument: id } : record));
}

export interface DocumentReading extends DocumentRun {
  /** The `document` record the records point at: the portal's, or the one made for a brought file. */
  document: Extract<ScrapedRecord, { kind: 'document' }> | null;
}

/**
 * Reads a file the person brought (dropped on the dashboard, given to the CLI): its records come
 * from the reader's own `source`, at `urn:sha256:…`, and point at a `document` record made for
 * the file. Null when no reader recognises it.
 */
export function readBroughtFile(
  input: DocumentInput,
  file: { sha256: string; mimeType: string; name: string },
  find: (input: DocumentInput) => DocumentReader | null,
  validate?: RecordValidator,
): DocumentReading | null {
  const reader = find(input);
  if (!reader) return null;
  const from: Provenance = { source: reader.id, sourceUrl: fileUrn(file.sha256), patient: null };
  const run = runDocumentReader(reader, input, from, file.name, validate);
  if (run.status !== 'ok' || run.about === null) return { ...run, document: null };
  const document = broughtDocument(run.about, run.reader, file);
  return { ...run, document, records: linkToDocument(run.records, document) };
}

/**
 * Reads a document saved from a portal: its records belong to the portal (its `source`, the
 * person as the portal names them, the file's link) and point at the portal's document record.
 */
export function readSavedFile(
  input: DocumentInput,
  document: Extract<ScrapedRecord, { kind: 'document' }>,
  find: (input: DocumentInput) => DocumentReader | null,
  validate?: RecordValidator,
): DocumentReading | null {
  const reader = find(input);
  if (!reader) return null;
  const from: Provenance = {
    source: document.source,
    sourceUrl: document.url ?? document.sourceUrl,
    patient: document.patient,
  };
  const run = runDocumentReader(reader, input, from, document.title, validate);
  if (run.status !== 'ok') return { ...run, document: null };
  return { ...run, document, records: linkToDocument(run.records, document) };
}

/** Whether a reading gave nothing but a PDF rendition, which the PDF readers should read. */
export function needsRendition(reading: DocumentReading | null): boolean {
  return (
    reading !== null && reading.status === 'ok' && reading.records.length === 0 && reading.rendition !== null
  );
}

/**
 * A CDA without structured body carries its report as a PDF: its records are read from that PDF,
 * under the same provenance and pointing at the same document. The reading is unchanged when no
 * PDF reader recognises the rendition.
 */
export function readRendition(
  reading: DocumentReading,
  input: DocumentInput,
  find: (input: DocumentInput) => DocumentReader | null,
  validate?: RecordValidator,
): DocumentReading {
  const reader = find(input);
  const document = reading.document;
  if (!reader || !document) return reading;
  const from: Provenance = {
    source: document.source,
    sourceUrl: document.url ?? document.sourceUrl,
    patient: document.patient,
  };
  const run = runDocumentReader(reader, input, from, document.title, validate);
  if (run.status !== 'ok') return { ...reading, problems: [...reading.problems, ...run.problems] };
  return {
    ...reading,
    reader: run.reader,
    records: linkToDocument(run.records, document),
    problems: [...reading.problems, ...run.problems],
  };
}

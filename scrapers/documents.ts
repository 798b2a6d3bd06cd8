/**
 * The contract every document reader follows, beside the portal scrapers' (./contract.ts): a
 * reader recognises a document format by its content (`detect`) and reads it into the same
 * records the portal readers produce (`read`). A reader is a pure function of the parsed document
 * and of where it came from: no `browser.*`, no storage, no network, so the same code runs in the
 * dashboard, under vitest and in the Node CLI.
 *
 * Two formats: an XML document the caller parsed with DOMParser (CDA R2), and a PDF whose text
 * the caller extracted with pdf.js, as positioned items per page.
 */
import type { DocType, RecordKind, ScrapedRecord } from '../storage/schemas';
import type { ScrapeContext } from './contract';

/** One run of text of a PDF page, where pdf.js put it (points, origin at the page's top left). */
export interface PdfItem {
  text: string;
  x: number;
  /** The baseline, from the top of the page. */
  y: number;
  width: number;
  /** The font size, as the text's height. */
  height: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

export type DocumentInput = { format: 'xml'; doc: Document } | { format: 'pdf'; pages: PdfPage[] };

/** Where the document came from: every record read from it carries these. */
export interface Provenance {
  /** A portal's id when it was saved from a portal, else the reader's own id. */
  source: string;
  /** The link it was downloaded from, or `urn:sha256:<hex>` for a file the person brought. */
  sourceUrl: string;
  /** The person as the portal names them; null: as the document names them. */
  patient: string | null;
}

/** What the document is, as its `document` record says it. */
export interface DocumentAbout {
  title: string;
  /** The document's date (`AAAA-MM-JJ`): a reader that finds none refuses the document. */
  date: string;
  docType: DocType;
  author: string | null;
  /** The patient as the document names them. */
  patient: string | null;
}

export interface DocumentOutput {
  about: DocumentAbout;
  /** Records in document order, `fromDocument` null: the caller links them to the document record. */
  records: ScrapedRecord[];
  /**
   * A rendition the document carries (a CDA's embedded PDF, the PDF of a CDA without structured
   * body): kept as the document's file, and read by the PDF reader when nothing else was.
   */
  rendition: { mimeType: 'application/pdf'; bytes: Uint8Array<ArrayBuffer> } | null;
}

export interface DocumentReaderDefinition {
  /** The folder name under `scrapers/`, and the `source` of a file the person brought. */
  id: string;
  /** Semver; bump it whenever the output for the same document changes. */
  version: string;
  /** Name shown to people: "Compte rendu structuré (CDA R2)". */
  label: string;
  format: DocumentInput['format'];
  produces: RecordKind[];
  /** Cheap check on the content: is this a document the reader knows? */
  detect(input: DocumentInput): boolean;
  /**
   * Reads the document. Throws `DocumentLayoutError` when it is recognised but not in a shape
   * the reader understands: then no record is kept, the file is.
   */
  read(input: DocumentInput, from: Provenance, ctx: ScrapeContext): DocumentOutput;
}

export type DocumentReader = Readonly<DocumentReaderDefinition>;

export function defineDocumentReader(definition: DocumentReaderDefinition): DocumentReader {
  return Object.freeze({ ...definition });
}

/**
 * The document is of a known format, but its content is not in a shape the reader understands
 * (no patient, two patients, no body, a PDF whose lines cannot be read with confidence). Its
 * message is written for the person who brought the document.
 */
export class DocumentLayoutError extends Error {
  override readonly name = 'DocumentLayoutError';
}

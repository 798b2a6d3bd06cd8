/**
 * Reads a document file in Node for the CLI and the fixture tests, as the dashboard does in the
 * browser: an XML file decoded by its own declaration and parsed by happy-dom's DOMParser
 * (nothing in it runs or loads), a PDF's text through pdf.js.
 */
import { createHash } from 'node:crypto';
import { Window } from 'happy-dom';
import { findDocumentReader } from '../scrapers/document-registry';
import type { DocumentInput, PdfPage } from '../scrapers/documents';
import { pdfPages, type PdfJs, UnreadablePdfError } from '../lib/pdf-pages';
import {
  decodeXml,
  type DocumentReading,
  needsRendition,
  parseXml,
  readBroughtFile,
  readRendition,
  UnreadableXmlError,
} from '../scrapers/document-runner';
import { openXdm, xdmDocumentBytes, xdmDocumentName } from '../scrapers/document-package';
import { sniffFileType } from '../storage/file-type';
import { validateRecords } from '../storage/validate';

/** A happy-dom window for its DOMParser alone: nothing in what it parses runs or loads. */
function xmlWindow(): Window {
  return new Window({
    settings: { enableJavaScriptEvaluation: false, disableJavaScriptFileLoading: true },
  });
}

export interface ParsedDocument {
  input: DocumentInput;
  mimeType: 'application/xml' | 'application/pdf';
  close(): Promise<void>;
}

/**
 * The document in a file's bytes, or null when it is neither XML nor PDF. Throws
 * UnreadableXmlError (or a PDF error) on a file that claims to be one and is not.
 */
export async function parseDocumentFile(bytes: Uint8Array): Promise<ParsedDocument | null> {
  const type = sniffFileType(bytes);
  if (type === 'application/xml') {
    const window = xmlWindow();
    try {
      const parser = new window.DOMParser() as unknown as DOMParser;
      const doc = parseXml(decodeXml(bytes), parser);
      return {
        input: { format: 'xml', doc },
        mimeType: 'application/xml',
        close: () => window.happyDOM.close(),
      };
    } catch (error) {
      await window.happyDOM.close();
      throw error;
    }
  }
  if (type === 'application/pdf') {
    return {
      input: { format: 'pdf', pages: await nodePdfPages(bytes) },
      mimeType: 'application/pdf',
      close: async () => undefined,
    };
  }
  return null;
}

/** A PDF's text through pdf.js's Node build. */
export async function nodePdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
  return pdfPages(pdfjs, bytes);
}

export interface FileReading {
  sha256: string;
  /** Null: no reader recognises the file (or it is neither XML nor PDF). */
  reading: DocumentReading | null;
}

/**
 * Reads a file as one the person brought, through the same steps as the dashboard's « Importer
 * un document »: its records are validated, the document record made, the records linked to it.
 * A malformed file gives a `broken` reading whose problem says why.
 */
export async function readDocumentFile(bytes: Uint8Array, name: string): Promise<FileReading> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let parsed: ParsedDocument | null;
  try {
    parsed = await parseDocumentFile(bytes);
  } catch (error) {
    if (!(error instanceof UnreadableXmlError) && !(error instanceof UnreadablePdfError)) throw error;
    return {
      sha256,
      reading: {
        reader: { id: 'xml', version: '0.0.0' },
        status: 'broken',
        about: null,
        document: null,
        records: [],
        rendition: null,
        problems: [
          { level: 'error', message: `Le fichier « ${name} » n'a pas pu être lu : ${error.message}.` },
        ],
      },
    };
  }
  if (!parsed) return { sha256, reading: null };
  try {
    const file = { sha256, mimeType: parsed.mimeType, name };
    const reading = readBroughtFile(parsed.input, file, findDocumentReader, validateRecords);
    if (reading && needsRendition(reading)) {
      const pages = await nodePdfPages(reading.rendition!.bytes).catch((error: unknown) => {
        if (error instanceof UnreadablePdfError) return null;
        throw error;
      });
      if (pages) {
        const rendition = { format: 'pdf' as const, pages };
        return { sha256, reading: readRendition(reading, rendition, findDocumentReader, validateRecords) };
      }
    }
    return { sha256, reading };
  } finally {
    await parsed.close();
  }
}

export interface PackageReading {
  /** Each document of the package, read as `readDocumentFile` reads a file, under its entry's name. */
  documents: (FileReading & { name: string })[];
  /** What the package announces and cannot give. */
  problems: string[];
}

/**
 * Reads an IHE XDM package (a portal's « download my record » ZIP) as the dashboard does: each
 * document it lists, as a file brought alone. Null when the ZIP is no package. Throws the
 * archive reader's ArchiveError, or XdmError, when it breaks a bound.
 */
export async function readPackageFile(bytes: Uint8Array): Promise<PackageReading | null> {
  const zip = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const window = xmlWindow();
  let xdm: Awaited<ReturnType<typeof openXdm>>;
  try {
    xdm = await openXdm(zip, new window.DOMParser() as unknown as DOMParser);
  } finally {
    await window.happyDOM.close();
  }
  if (!xdm) return null;
  const documents: PackageReading['documents'] = [];
  for (const document of xdm.documents) {
    const name = xdmDocumentName(document);
    documents.push({ name, ...(await readDocumentFile(await xdmDocumentBytes(zip, document), name)) });
  }
  return { documents, problems: xdm.problems };
}

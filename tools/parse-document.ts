/**
 * Reads a document file in Node for the CLI and the fixture tests, as the dashboard does in the
 * browser: an XML file decoded by its own declaration and parsed by happy-dom's DOMParser
 * (nothing in it runs or loads), a PDF's text through pdf.js.
 */
import { createHash } from 'node:crypto';
import { Window } from 'happy-dom';
import { findDocumentReader } from '../scrapers/document-registry';
import type { DocumentInput } from '../scrapers/documents';
import {
  decodeXml,
  type DocumentReading,
  parseXml,
  readBroughtFile,
  UnreadableXmlError,
} from '../scrapers/document-runner';
import { sniffFileType } from '../storage/file-type';
import { validateRecords } from '../storage/validate';

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
    const window = new Window({
      settings: { enableJavaScriptEvaluation: false, disableJavaScriptFileLoading: true },
    });
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
  return null;
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
    if (!(error instanceof UnreadableXmlError)) throw error;
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
    return { sha256, reading: readBroughtFile(parsed.input, file, findDocumentReader, validateRecords) };
  } finally {
    await parsed.close();
  }
}

/**
 * Every document format the extension reads, one line each, beside the portals' registry
 * (./registry.ts). A reader folder not listed here never runs: the consistency test
 * (registry.test.ts) fails when one is missing.
 */
import cda from './cda';
import type { DocumentInput, DocumentReader } from './documents';
import pdfLabo from './pdf-labo';

export const documentReaders: readonly DocumentReader[] = [cda, pdfLabo];

/** The first reader that recognises the document, or null. */
export function findDocumentReader(input: DocumentInput): DocumentReader | null {
  return documentReaders.find((reader) => reader.format === input.format && reader.detect(input)) ?? null;
}

export function documentReaderById(id: string): DocumentReader | null {
  return documentReaders.find((reader) => reader.id === id) ?? null;
}

/**
 * What the documents figure runs in an extension page, bundled by esbuild into one script
 * (tools/bench/documents.ts) and evaluated there: reading a document as the dashboard does (the
 * file parsed, then read by its reader, records checked) against the bare parse alone (DOMParser
 * for a CDA, pdf.js's text extraction for a PDF), the same pdf.js build and worker on both sides.
 */
import * as pdfjs from 'pdfjs-dist';
import { findDocumentReader } from '../../scrapers/document-registry';
import { decodeXml, parseXml, readBroughtFile } from '../../scrapers/document-runner';
import { pdfPages, type PdfJs } from '../../lib/pdf-pages';
import { validateRecords } from '../../storage/validate';

export interface Timed {
  ms: number;
  records: number;
}

async function parse(bytes: Uint8Array, format: 'xml' | 'pdf') {
  return format === 'xml'
    ? { format, doc: parseXml(decodeXml(bytes), new DOMParser()) }
    : { format, pages: await pdfPages(pdfjs as unknown as PdfJs, bytes) };
}

const api = {
  setWorker(url: string): void {
    pdfjs.GlobalWorkerOptions.workerSrc = url;
  },
  async bare(base64: string, format: 'xml' | 'pdf'): Promise<Timed> {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const t0 = performance.now();
    const input = await parse(bytes, format);
    const ms = performance.now() - t0;
    return {
      ms,
      records: input.format === 'xml' ? input.doc.documentElement.childElementCount : input.pages.length,
    };
  },
  async product(base64: string, format: 'xml' | 'pdf'): Promise<Timed> {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const t0 = performance.now();
    const input = await parse(bytes, format);
    const reading = readBroughtFile(
      input as Parameters<typeof readBroughtFile>[0],
      {
        sha256: '0'.repeat(64),
        mimeType: format === 'xml' ? 'application/xml' : 'application/pdf',
        name: 'bench',
      },
      findDocumentReader,
      validateRecords,
    );
    const ms = performance.now() - t0;
    if (!reading || reading.status !== 'ok')
      throw new Error(`not read: ${JSON.stringify(reading?.problems)}`);
    return { ms, records: reading.records.length };
  },
};

(globalThis as unknown as { mdmsDocuments: typeof api }).mdmsDocuments = api;

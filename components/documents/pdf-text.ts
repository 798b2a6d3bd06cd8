/**
 * pdf.js in the dashboard: its browser build, and its worker bundled with the extension (served
 * from the extension's own origin, never from a remote host). Loaded only when a PDF is read.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { pdfPages, type PdfJs } from '../../lib/pdf-pages';
import type { PdfPage } from '../../scrapers/documents';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export function browserPdfPages(bytes: Uint8Array, signal?: AbortSignal): Promise<PdfPage[]> {
  return pdfPages(pdfjs as unknown as PdfJs, bytes, signal);
}

/**
 * A PDF's text as positioned items per page, through pdf.js, for the PDF document readers
 * (scrapers/documents.ts, `PdfPage`). The pdf.js module is passed in: the dashboard gives its
 * browser build with the bundled worker, the CLI and the tests its Node build. Nothing is fetched:
 * the document is given as bytes, fonts are not loaded, scripts in the PDF never run, and a
 * document of more pages than `LIMITS.pdfPages` is refused before any page is read.
 */
import type { PdfItem, PdfPage } from '../scrapers/documents';
import { LIMITS } from '../storage/limits';

/** What is used of pdf.js: `getDocument`, its pages, their text. */
export interface PdfJs {
  getDocument(source: {
    data: Uint8Array;
    isEvalSupported: boolean;
    disableFontFace: boolean;
    useSystemFonts: boolean;
    stopAtErrors: boolean;
    verbosity: number;
  }): {
    promise: Promise<{
      numPages: number;
      getPage(number: number): Promise<{
        getViewport(options: { scale: number }): { width: number; height: number };
        getTextContent(): Promise<{ items: unknown[] }>;
        cleanup(): unknown;
      }>;
      destroy(): Promise<void>;
    }>;
    destroy(): Promise<void>;
  };
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

const isTextItem = (item: unknown): item is TextItem =>
  typeof item === 'object' &&
  item !== null &&
  typeof (item as TextItem).str === 'string' &&
  Array.isArray((item as TextItem).transform);

/** The PDF is not one pdf.js can read (damaged, encrypted, or not a PDF at all), or too long. */
export class UnreadablePdfError extends Error {
  override readonly name = 'UnreadablePdfError';
}

/** One page's text items, top-left origin, white space runs dropped. */
export function pageOf(items: readonly unknown[], viewport: { width: number; height: number }): PdfPage {
  const texts: PdfItem[] = [];
  for (const item of items) {
    if (!isTextItem(item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
    texts.push({ text: item.str, x: e, y: viewport.height - f, width: item.width, height: size });
  }
  return { width: viewport.width, height: viewport.height, items: texts };
}

/** The text of every page of a PDF. */
export async function pdfPages(pdfjs: PdfJs, bytes: Uint8Array, signal?: AbortSignal): Promise<PdfPage[]> {
  // pdf.js takes the buffer over (and wants a plain Uint8Array, not a Node Buffer): a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = error instanceof Error ? error.name : '';
    throw new UnreadablePdfError(
      name === 'PasswordException'
        ? 'le PDF est protégé par un mot de passe'
        : 'le PDF est endommagé ou illisible',
    );
  }
  try {
    if (document.numPages > LIMITS.pdfPages.value) {
      throw new UnreadablePdfError(
        `le PDF compte ${document.numPages} pages, plus que les ${LIMITS.pdfPages.value} lues`,
      );
    }
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      if (signal?.aborted) throw new DOMException('Lecture arrêtée', 'AbortError');
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      pages.push(pageOf((await page.getTextContent()).items, viewport));
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy().catch(() => undefined);
  }
}

/**
 * What the content script does on a portal page, apart from drawing: wait until a scraper
 * recognises the page, read it, and hand the records to the background.
 */
import { browser } from 'wxt/browser';
import type { Scraper } from '../scrapers/contract';
import { findScraper } from '../scrapers/registry';
import { runScraper } from '../scrapers/runner';
import type { SaveCaptureRequest, SaveCaptureResponse } from './messages';

export interface WaitOptions {
  /** Give up after this long: a page that never shows its data gets no button. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Resolves with the scraper that recognises the page, as soon as it does. Pages that draw their
 * content after load (SPA) are watched with a MutationObserver until the time limit.
 */
export function waitForScraper(doc: Document, url: URL, options: WaitOptions): Promise<Scraper | null> {
  const now = findScraper(doc, url);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    let scheduled = false;
    const finish = (scraper: Scraper | null) => {
      observer.disconnect();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(scraper);
    };
    const onAbort = () => finish(null);
    // Mutations come in bursts while a page renders: check once per burst, not once per node.
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        const scraper = findScraper(doc, url);
        if (scraper) finish(scraper);
      }, 50);
    });
    const timer = setTimeout(() => finish(findScraper(doc, url)), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort);
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  });
}

/** Reads the page as it is now into the message the background stores. */
export function readPage(
  scraper: Scraper,
  doc: Document,
  url: URL,
): {
  request: SaveCaptureRequest;
  status: 'ok' | 'broken' | 'failed';
} {
  const startedAt = new Date().toISOString();
  const run = runScraper(scraper, doc, url);
  return {
    status: run.status,
    request: {
      type: 'capture/save',
      capture: {
        source: scraper.id,
        url: url.href,
        title: doc.title.slice(0, 1_000),
        scraper: run.scraper,
        startedAt,
        // A page that is not in the expected shape keeps nothing: the capture only says why.
        records: run.status === 'ok' ? run.records : [],
        problems: run.problems,
      },
    },
  };
}

export async function sendCapture(request: SaveCaptureRequest): Promise<SaveCaptureResponse> {
  try {
    const response = (await browser.runtime.sendMessage(request)) as SaveCaptureResponse | undefined;
    return response ?? { ok: false, error: 'no-answer' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * "Tout enregistrer": saves the page, then follows the history's "next page" links in the
 * logged-in session, one capture per page, until the last page, a limit, or the first error.
 * What was saved before a stop stays saved, and the outcome says where and why it stopped.
 */
import type { Scraper } from '../scrapers/contract';
import { LIMITS } from '../storage/limits';
import type { CaptureOutcome } from '../lib/capture-outcome';

export const MAX_PAGES = LIMITS.historyPages.value;

export interface PageProgress {
  /** 1-based number of the page being saved, and the total when the portal shows it. */
  page: number;
  pages: number | null;
}

export type StopReason = 'last-page' | 'limit' | 'error' | 'other-host' | 'loop';

export interface SaveAllOutcome {
  pages: { url: string; outcome: CaptureOutcome }[];
  stop: StopReason;
  /** The 1-based number of the page the walk stopped at. */
  at: number;
  /** Why the walk stopped early, in plain words (a failed download, a page not recognised…). */
  detail: string | null;
}

export interface SaveAllDeps {
  /** Fetches a page's HTML in the person's session. */
  fetchPage(url: URL): Promise<string>;
  parse(html: string): Document;
  /** Saves one page (records, files, capture) and says how it went. */
  capture(doc: Document, url: URL): Promise<CaptureOutcome>;
  onProgress(progress: PageProgress): void;
  maxPages?: number;
}

export async function saveAllPages(
  scraper: Scraper,
  doc: Document,
  url: URL,
  deps: SaveAllDeps,
): Promise<SaveAllOutcome> {
  const maxPages = deps.maxPages ?? MAX_PAGES;
  const pages: SaveAllOutcome['pages'] = [];
  const visited = new Set<string>();
  let current = { doc, url };
  const stop = (reason: StopReason, detail: string | null = null, at = pages.length): SaveAllOutcome => ({
    pages,
    stop: reason,
    at,
    detail,
  });

  for (;;) {
    visited.add(current.url.href);
    const position = scraper.pagination?.(current.doc, current.url) ?? null;
    deps.onProgress({ page: position?.page ?? pages.length + 1, pages: position?.pages ?? null });
    const outcome = await deps.capture(current.doc, current.url);
    pages.push({ url: current.url.href, outcome });
    if (outcome.status !== 'ok') return stop('error');

    const next = position?.next ?? null;
    if (!next) return stop('last-page');
    // Only the portal's own pages, in its own session: a link elsewhere is never followed.
    if (next.origin !== url.origin) return stop('other-host', next.host);
    if (visited.has(next.href)) return stop('loop', next.href);
    if (pages.length >= maxPages) return stop('limit');

    let html: string;
    try {
      html = await deps.fetchPage(next);
    } catch (error) {
      return stop('error', error instanceof Error ? error.message : String(error), pages.length + 1);
    }
    const nextDoc = deps.parse(html);
    if (!scraper.detect(nextDoc, next)) {
      return stop('error', 'la page suivante n’est pas reconnue (session expirée ?)', pages.length + 1);
    }
    current = { doc: nextDoc, url: next };
  }
}

/** The outcomes of every page added up, for one summary. */
export function totals(outcome: SaveAllOutcome) {
  const sum = { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 };
  for (const { outcome: page } of outcome.pages) {
    const counts = page.capture?.counts;
    if (!counts) continue;
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += counts[key];
  }
  return sum;
}

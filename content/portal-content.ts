/**
 * What a portal's content script does. Each portal has its own entry point
 * (`entrypoints/<portal-id>.content.ts`, written by `npm run new-scraper`), injected by the
 * background into that portal's pages once they have loaded (./portal-injection.ts), so a page
 * loads the code of its own scraper and nothing of the others.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Scraper } from '../scrapers/contract';
import { runScraper } from '../scrapers/runner';
import type { CaptureOutcome } from '../lib/capture-outcome';
import type { PageRequest, PageStatus } from '../lib/messages';
import { INJECTED_MARK } from './injection-mark';
import { mountPageButton, type MountedButton } from './mount-page-button';
import { capturePage, digestHints, waitForScraper } from './page-capture';
import { fetchPortalPage } from './page-fetch';
import { buildPageReport } from './page-report';
import { saveAllPages, type PageProgress } from './save-all';

/** How long a page may take to show its data (SPA portals draw it after load). */
const DETECT_TIMEOUT_MS = 20_000;
/** Waits for the page to be one the scrapers read, then offers the button and answers the popup. */
export async function runOnPortalPage(
  ctx: ContentScriptContext,
  candidates: readonly Scraper[],
): Promise<void> {
  // The background injects once per page; this says it is done (it checks before injecting).
  (globalThis as Record<string, unknown>)[INJECTED_MARK] = true;
  ctx.onInvalidated(() => delete (globalThis as Record<string, unknown>)[INJECTED_MARK]);
  let state: PageStatus['state'] = 'waiting';
  let scraper: Scraper | null = null;
  let button: MountedButton | null = null;
  let lastCapture: PageStatus['lastCapture'] = null;
  const hints = digestHints();

  const save = async (onFiles?: (done: number, total: number) => void): Promise<CaptureOutcome> => {
    if (!scraper) return { status: 'error', capture: null, error: 'not-ready' };
    // Read the page as it is at the click, not as it was when the button appeared.
    const outcome = await capturePage(scraper, document, new URL(location.href), onFiles, hints);
    lastCapture = outcome.capture ?? lastCapture;
    return outcome;
  };

  // The popup asks what this page is, and can save it with the same action as the button.
  const onMessage = async (message: unknown) => {
    const request = message as PageRequest | undefined;
    if (request?.type === 'page/status') {
      const info = scraper && { id: scraper.id, version: scraper.version, label: scraper.label };
      // What the page holds, read as a save would read it but kept nowhere; the popup words it.
      const run = scraper && runScraper(scraper, document, new URL(location.href));
      const counts: Record<string, number> = {};
      for (const record of run?.records ?? []) counts[record.kind] = (counts[record.kind] ?? 0) + 1;
      const contents = run && { status: run.status, counts };
      return { state, scraper: info, lastCapture, contents } satisfies PageStatus;
    }
    if (request?.type === 'page/report' && button) {
      button.showReport();
      return { ok: true };
    }
    if (request?.type === 'page/save' && scraper) {
      const outcome = await save();
      button?.showOutcome(outcome);
      return outcome;
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  const abort = new AbortController();
  ctx.onInvalidated(() => abort.abort());
  scraper = await waitForScraper(candidates, document, new URL(location.href), {
    timeoutMs: DETECT_TIMEOUT_MS,
    signal: abort.signal,
  });
  if (!scraper || ctx.isInvalid) {
    state = 'unsupported';
    return;
  }
  state = 'ready';
  const found = scraper;
  const here = new URL(location.href);
  const paginated = found.pagination?.(document, here)?.next != null;
  const saveAll = (onProgress: (progress: PageProgress) => void) =>
    saveAllPages(found, document, new URL(location.href), {
      fetchPage: (url) => fetchPortalPage(url),
      parse: (html) => new DOMParser().parseFromString(html, 'text/html'),
      capture: (doc, url) => capturePage(found, doc, url, undefined, hints),
      onProgress,
    });
  const openDashboard = () => void browser.runtime.sendMessage({ type: 'dashboard/open' });
  hints.prefetch(found.id, here);
  button = mountPageButton(document, {
    onSave: save,
    onSaveAll: paginated ? saveAll : undefined,
    onOpenDashboard: openDashboard,
    makeReport: () =>
      buildPageReport(document, found.id, runScraper(found, document, new URL(location.href)).records),
  });
  ctx.onInvalidated(() => button?.remove());
}

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
import type { SaveAction } from '../components/PageButton';
import type { ChannelScope } from '../scrapers/channels';
import type { LoadChannelsResponse } from '../lib/messages';
import { loadedSaves, type ChannelSave } from './channel-hook';
import { capturePage, digestHints, waitForScraper } from './page-capture';
import { buildPageReport } from './page-report';

/** The portal's save through its requests: its second script, loaded at the first save. */
async function channelSave(id: string): Promise<ChannelSave> {
  const known = loadedSaves()[id];
  if (known) return known;
  const answer = (await browser.runtime.sendMessage({ type: 'channels/load', source: id })) as
    LoadChannelsResponse | undefined;
  const loaded = loadedSaves()[id];
  if (!loaded)
    throw new Error(answer && !answer.ok ? answer.error : 'le module du portail n’a pas pu être chargé');
  return loaded;
}

async function saveThroughChannels(
  scraper: Scraper,
  request: Omit<Parameters<ChannelSave>[0], 'scraper'>,
): Promise<CaptureOutcome> {
  let save: ChannelSave;
  try {
    save = await channelSave(scraper.id);
  } catch (error) {
    return { status: 'error', capture: null, error: error instanceof Error ? error.message : String(error) };
  }
  return save({ scraper, ...request });
}

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

  /** A save of what the page shows, or through the portal's requests where it has them. */
  const saver =
    (scope: ChannelScope): SaveAction =>
    async (onProgress, signal) => {
      if (!scraper) return { status: 'error', capture: null, error: 'not-ready' };
      // Read the page as it is at the click, not as it was when the button appeared.
      const url = new URL(location.href);
      // A page without what the portal's requests need (a saved copy, another layout) is read as shown.
      const outcome = scraper.scopes?.(document, url).includes(scope)
        ? await saveThroughChannels(scraper, { doc: document, url, scope, onProgress, signal, hints })
        : await capturePage(scraper, document, url, {
            hints,
            onFiles: (done, total) => onProgress({ step: 'files', done, total }),
          });
      lastCapture = outcome.capture ?? lastCapture;
      return outcome;
    };
  const save = saver('page');

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
      const outcome = await save(() => undefined, new AbortController().signal);
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
  const whole = found.scopes?.(document, here).includes('all') ?? false;
  const openDashboard = () => void browser.runtime.sendMessage({ type: 'dashboard/open' });
  hints.prefetch(found.id, here);
  button = mountPageButton(document, {
    onSave: save,
    onSaveAll: whole ? saver('all') : undefined,
    onOpenDashboard: openDashboard,
    portalName: found.label,
    makeReport: () =>
      buildPageReport(document, found.id, runScraper(found, document, new URL(location.href)).records),
  });
  ctx.onInvalidated(() => button?.remove());
}

/**
 * Portal pages get their content script from the background, once they have loaded, instead of
 * from the manifest. A content script declared in the manifest, even an empty one, delays the
 * page's `load` by about a fifth on a portal page (measured with `npm run bench`); injected after
 * `load`, it costs the page nothing, and the button shows a moment later. The extension holds
 * host permissions for the portals' hosts only, which is what lets it inject there and nowhere
 * else.
 */
import type { browser as extensionApi } from 'wxt/browser';
import type { ScriptPublicPath } from 'wxt/utils/inject-script';
import type { Scraper } from '../scrapers/contract';
import { matchesUrl } from '../scrapers/match';
import { INJECTED_MARK } from '../content/injection-mark';

type Browser = typeof extensionApi;

/** The built content script of the portal `scraper` reads (entrypoints/<id>.content.ts). */
export function contentScriptFile(scraper: Scraper): ScriptPublicPath {
  // Every registered portal has its entry point (the consistency test checks it), so its file.
  return `/content-scripts/${scraper.id}.js` as ScriptPublicPath;
}

/** The built script of a channel portal's in-session requests (entrypoints/<id>-channels.content.ts). */
export function channelsScriptFile(scraper: Scraper): ScriptPublicPath {
  return `/content-scripts/${scraper.id}-channels.js` as ScriptPublicPath;
}

/** The portal whose pages `url` belongs to, or null. */
export function portalOf(scrapers: readonly Scraper[], url: string | undefined): Scraper | null {
  if (!url || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return scrapers.find((scraper) => matchesUrl(scraper, parsed)) ?? null;
}

/** Runs in the tab's content-script world: whether a portal script already runs there. */
function hasContentScript(mark: string): boolean {
  return (globalThis as Record<string, unknown>)[mark] === true;
}

/** Waits between tries of an injection that failed: a page just loaded may not take one yet. */
const RETRY_DELAYS_MS = [250, 1_000];

/**
 * Gives the tab its portal's content script unless it has it. A failure is tried again twice
 * (the browser may refuse while it finishes setting up the page or the extension), then given up
 * quietly: the tab was closed or navigated away meanwhile, or shows the browser's error page.
 */
export async function injectPortalScript(
  browser: Browser,
  scrapers: readonly Scraper[],
  tabId: number,
  url: string | undefined,
  delays: readonly number[] = RETRY_DELAYS_MS,
): Promise<boolean> {
  const portal = portalOf(scrapers, url);
  if (!portal) return false;
  const target = { tabId };
  for (let attempt = 0; ; attempt++) {
    try {
      const [probe] = await browser.scripting.executeScript({
        target,
        func: hasContentScript,
        args: [INJECTED_MARK],
      });
      if (probe?.result === true) return false;
      await browser.scripting.executeScript({ target, files: [contentScriptFile(portal)] });
      return true;
    } catch {
      const delay = delays[attempt];
      if (delay === undefined) return false;
      await new Promise((resolve) => setTimeout(resolve, delay));
      // Only the page that asked: one the tab has moved on to gets its own injection.
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (tab?.url !== url) return false;
    }
  }
}

/** How often, and how long, a portal page still loading is looked at again. */
const LOADING_POLL_MS = 200;
const LOADING_WAIT_MS = 30_000;

/**
 * Injects into every portal page once it has loaded, and into pages already open. Tab updates
 * say when a page completes, but a worker that starts while a page loads may not hear that one
 * update: a portal page seen loading is therefore also looked at again until it has loaded.
 * A page that has its script is only asked, not given another (`injectPortalScript`).
 */
export function watchPortalTabs(browser: Browser, scrapers: readonly Scraper[]): void {
  const polls = new Map<number, Poll>();
  const whenLoaded = (tabId: number, url: string | undefined, status: string | undefined) => {
    if (!portalOf(scrapers, url)) return;
    if (status === 'complete') {
      // Heard of: the tab need not be looked at again (each look probes the page it shows).
      const poll = polls.get(tabId);
      if (poll) poll.stopped = true;
      polls.delete(tabId);
      void injectPortalScript(browser, scrapers, tabId, url);
      return;
    }
    if (polls.has(tabId)) return;
    const poll: Poll = { stopped: false };
    polls.set(tabId, poll);
    void pollUntilLoaded(browser, tabId, url, poll).then((loaded) => {
      if (polls.get(tabId) === poll) polls.delete(tabId);
      if (loaded) void injectPortalScript(browser, scrapers, tabId, url);
    });
  };
  browser.tabs.onUpdated.addListener((tabId, _change, tab) => whenLoaded(tabId, tab.url, tab.status));
  // Pages opened before the extension was installed, updated or woken up.
  const patterns = scrapers.flatMap((scraper) => scraper.matches);
  void browser.tabs.query({ url: patterns }).then(
    (tabs) => {
      for (const tab of tabs) if (tab.id !== undefined) whenLoaded(tab.id, tab.url, tab.status);
    },
    () => undefined,
  );
}

/** Whether the tab finished loading `url` (false: it went elsewhere, closed, or never did). */
interface Poll {
  /** Set when the tab's `complete` was heard of meanwhile: the look ends there. */
  stopped: boolean;
}

async function pollUntilLoaded(
  browser: Browser,
  tabId: number,
  url: string | undefined,
  poll: Poll,
): Promise<boolean> {
  for (let waited = 0; waited < LOADING_WAIT_MS; waited += LOADING_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, LOADING_POLL_MS));
    if (poll.stopped) return false;
    const tab = await browser.tabs.get(tabId).catch(() => undefined);
    if (!tab || tab.url !== url) return false;
    if (tab.status === 'complete') return true;
  }
  return false;
}

/**
 * Launches Debian's Chromium with the built extension, the portal hosts mapped to the demo
 * server and every other host unresolvable: the demo and the browser tests never reach the
 * network, even if a page or the extension tried to. Also the few helpers that drive the
 * extension through its test contract (data-testid attributes), shared by `npm start` and the
 * browser tests.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { loadPortalIndex, portalHostsRule } from '../demo/server';
import { waitForButtonUi } from './button-root';

export { portalHostsRule };

const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Chromium's binary: `CHROMIUM_PATH`, else Debian's usual places. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `Chromium not found (looked in ${CHROMIUM_CANDIDATES.join(', ')}). ` +
        'Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH to its binary.',
    );
  }
  return found;
}

/**
 * Portal hosts go to the demo server; `MAP * ~NOTFOUND` makes every other name fail to resolve,
 * except the demo index itself on 127.0.0.1/localhost.
 */
export function offlineHostRules(hosts: readonly string[], port: number): string {
  return `${portalHostsRule(hosts, port)}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost`;
}

export interface LaunchChromiumOptions {
  /** Unpacked extension to load, e.g. `.output/chrome-mv3`. */
  extensionDir: string;
  /** Port of the demo server the portal hosts are mapped to. */
  port: number;
  headless: boolean;
  /** Profile directory; by default a fresh temporary one, removed on close. */
  userDataDir?: string;
  /** Hosts to map; by default every host of demo/portals/index.json. */
  hosts?: readonly string[];
  /** UI language, which the extension's messages follow; French by default, as the portals are. */
  locale?: string;
  /**
   * How long one DevTools call may take, ms; puppeteer's default is 3 minutes. A
   * `waitForFunction` is one call for as long as it waits: the bench's longest steps (a
   * million-record import) need more.
   */
  protocolTimeout?: number;
}

export interface LaunchedChromium {
  browser: Browser;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchChromium(options: LaunchChromiumOptions): Promise<LaunchedChromium> {
  const executablePath = findChromium();
  const extensionDir = resolve(options.extensionDir);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No extension in ${extensionDir} (manifest.json missing): run \`npx wxt build\` first.`);
  }
  const hosts = options.hosts ?? loadPortalIndex().hosts;
  const locale = options.locale ?? 'fr';
  const ownsProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'mdms-chromium-')));
  const removeProfile = async (): Promise<void> => {
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: options.headless,
      pipe: true,
      enableExtensions: [extensionDir],
      userDataDir,
      defaultViewport: options.headless ? { width: 1280, height: 900 } : null,
      ...(options.protocolTimeout === undefined ? {} : { protocolTimeout: options.protocolTimeout }),
      // The caller decides what Ctrl-C does (close the server, remove the profile).
      handleSIGINT: false,
      // On Linux, Chromium takes its UI language from LANGUAGE rather than from --lang.
      env: { ...process.env, LANGUAGE: locale },
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
        `--lang=${locale}`,
        `--accept-lang=${locale}`,
        `--host-resolver-rules=${offlineHostRules(hosts, options.port)}`,
        // The demo server's certificate is self-signed and made at each start.
        '--ignore-certificate-errors',
      ],
    });
  } catch (error) {
    await removeProfile();
    throw error;
  }

  const close = async (): Promise<void> => {
    if (browser.connected) await browser.close().catch(() => undefined);
    await removeProfile();
  };

  try {
    const worker = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().startsWith('chrome-extension://'),
      { timeout: 15_000 },
    );
    return { browser, extensionId: new URL(worker.url()).host, close };
  } catch (error) {
    await close();
    throw new Error(`The extension in ${extensionDir} did not start its service worker.`, { cause: error });
  }
}

/** The extension's UI contract, as the content script and the dashboard implement it. */
/** Inside the page button's closed shadow root (./button-root.ts). */
export const SAVE_BUTTON = '[data-testid="save-my-data"]';
const CAPTURE_RESULT = '[data-testid="capture-result"]';
const RECORD_ROW = '[data-testid="record-row"]';
const RECORD_COUNT = '[data-testid="record-count"]';
const FINAL_STATUSES = ['ok', 'broken', 'error'];
/** `data-status` first, then the counts in `CaptureResult` order. */
const RESULT_ATTRIBUTES = ['status', 'found', 'added', 'updated', 'unchanged', 'invalid', 'channel', 'code'];

export function dashboardUrl(extensionId: string): string {
  return `chrome-extension://${extensionId}/dashboard.html`;
}

/** The save button once the content script has recognised the page, or null after `timeoutMs`. */
export async function waitForSaveButton(
  page: Page,
  timeoutMs: number,
): Promise<ElementHandle<Element> | null> {
  try {
    return await waitForButtonUi(page, SAVE_BUTTON, timeoutMs);
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return null;
    throw error;
  }
}

export interface CaptureResult {
  status: string;
  found: number | null;
  added: number | null;
  updated: number | null;
  unchanged: number | null;
  invalid: number | null;
  /** For a save through the portal's requests: complete, partial, failed or cancelled. */
  channel: string | null;
  /** What stopped a failed one (a ChannelError code). */
  code: string | null;
  text: string;
}

interface CaptureWatch {
  changed: boolean;
  observer: MutationObserver;
}

/**
 * Activates the save button (a click by default) and waits for the capture result it produces.
 * A result from an earlier save may already be shown with a final status, so this waits for a
 * change in the shadow root after the activation (the contract shows `saving` meanwhile), then
 * for a final status.
 */
export async function saveAndWait(
  button: ElementHandle<Element>,
  activate: () => Promise<void> = () => button.click(),
  timeoutMs = 30_000,
): Promise<CaptureResult> {
  const root = await button.evaluateHandle((element) => element.getRootNode());
  await root.evaluate((node) => {
    const holder = node as Node & { mdmsCaptureWatch?: CaptureWatch };
    holder.mdmsCaptureWatch?.observer.disconnect();
    const watch: CaptureWatch = {
      changed: false,
      observer: new MutationObserver(() => {
        watch.changed = true;
      }),
    };
    watch.observer.observe(node, { subtree: true, childList: true, attributes: true, characterData: true });
    holder.mdmsCaptureWatch = watch;
  });
  await activate();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // No named functions inside page functions: tsx (esbuild keepNames) would wrap them in a
    // `__name` helper that does not exist in the page.
    const seen = await root.evaluate(
      (node, selector, names) => {
        const element = (node as ParentNode).querySelector(selector);
        return {
          changed: (node as Node & { mdmsCaptureWatch?: CaptureWatch }).mdmsCaptureWatch?.changed ?? false,
          attributes: names.map((name) => element?.getAttribute(`data-${name}`) ?? null),
          // innerText keeps the breaks between blocks ("Nouveaux" / "10"), one line each.
          text: (element instanceof HTMLElement ? element.innerText : (element?.textContent ?? ''))
            .split('\n')
            .map((line) => line.replace(/\s+/g, ' ').trim())
            .filter((line) => line !== '')
            .join(' · '),
        };
      },
      CAPTURE_RESULT,
      RESULT_ATTRIBUTES,
    );
    const [status = null, ...rest] = seen.attributes;
    if (seen.changed && status !== null && FINAL_STATUSES.includes(status)) {
      const [found, added, updated, unchanged, invalid] = rest
        .slice(0, 5)
        .map((value) => (value === null || value === '' ? null : Number(value)));
      return {
        status,
        found: found ?? null,
        added: added ?? null,
        updated: updated ?? null,
        unchanged: unchanged ?? null,
        invalid: invalid ?? null,
        channel: rest[5] ?? null,
        code: rest[6] ?? null,
        text: seen.text,
      };
    }
    if (Date.now() > deadline) {
      const hint = seen.changed
        ? ''
        : '; nothing in the shadow root changed: did the activation reach the button?';
      throw new Error(`No capture result within ${timeoutMs} ms (data-status: ${status ?? 'none'}${hint}).`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

export interface DashboardRow {
  kind: string | null;
  id: string | null;
  text: string;
}

export interface DashboardState {
  /** `data-count` of the record count. */
  count: number;
  rows: DashboardRow[];
}

/** The dashboard's timeline: its view, its list (virtualised, scrolled) and its status. */
const TIMELINE_HASH = '#/chronologie';
const TIMELINE_SCROLLER = '[data-testid="timeline-scroller"]';
const TIMELINE_STATUS = '[data-testid="timeline-status"]';

/**
 * The timeline's rows, newest first. The list is virtualised (only the rows in view are in the
 * DOM), so it is scrolled from top to bottom, collecting the rows it draws, until its last page is
 * read; then scrolled back to the top.
 */
function readTimelineRows(page: Page): Promise<DashboardRow[]> {
  return page.evaluate(
    async (rowSelector, scrollerSelector) => {
      // No named functions inside page functions (see saveAndWait): loops only.
      const seen = new Map<string, { kind: string | null; id: string | null; text: string }>();
      const scroller = document.querySelector<HTMLElement>(scrollerSelector);
      if (scroller) scroller.scrollTop = 0;
      for (let step = 0; step < 100_000; step++) {
        await new Promise((resolveWait) => setTimeout(resolveWait, 40));
        for (const row of document.querySelectorAll(rowSelector)) {
          const id = row.getAttribute('data-id') ?? '';
          seen.set(id, {
            kind: row.getAttribute('data-kind'),
            id: row.getAttribute('data-id'),
            text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
          });
        }
        if (!scroller) break;
        const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
        if (atEnd && scroller.dataset.done === 'true') break;
        // At the end of what is read, wait for the next page rather than scroll.
        if (!atEnd) scroller.scrollTop += Math.max(100, scroller.clientHeight * 0.8);
      }
      if (scroller) scroller.scrollTop = 0;
      return [...seen.values()];
    },
    RECORD_ROW,
    TIMELINE_SCROLLER,
  );
}

/**
 * Reads the record count and every record of the dashboard's timeline, once they stop changing
 * for `settleMs` (records load from IndexedDB after the first render). The page is left on the
 * view it showed.
 */
export async function readDashboard(page: Page, settleMs = 500, timeoutMs = 15_000): Promise<DashboardState> {
  await page.waitForSelector(`${RECORD_COUNT}[data-count]`, { timeout: timeoutMs });
  const shown = await page.evaluate(() => location.hash);
  const onTimeline = shown.startsWith(TIMELINE_HASH);
  if (!onTimeline) await page.evaluate((hash) => (location.hash = hash), TIMELINE_HASH);
  const read = async (): Promise<DashboardState> => {
    await page.waitForSelector(`${TIMELINE_STATUS}[data-loaded]:not([data-loaded=""])`, {
      timeout: timeoutMs,
    });
    const count = await page.$eval(RECORD_COUNT, (element) => Number(element.getAttribute('data-count')));
    return { count, rows: await readTimelineRows(page) };
  };
  const deadline = Date.now() + timeoutMs;
  let state = await read();
  for (;;) {
    await new Promise((resolveWait) => setTimeout(resolveWait, settleMs));
    const next = await read();
    const stable = next.count === state.count && next.rows.length === state.rows.length;
    state = next;
    if (stable || Date.now() > deadline) break;
  }
  if (!onTimeline) {
    await page.evaluate((hash) => (location.hash = hash), shown);
    const view = shown.replace(/^#\/?/, '').split('?')[0] || 'apercu';
    await page.waitForSelector(`main[data-view="${view}"]`, { timeout: timeoutMs }).catch(() => undefined);
  }
  return state;
}

/** « Tout enregistrer », offered where the portal's requests can read the whole history. */
export const SAVE_ALL = '[data-testid="save-all"]';

/**
 * Clicks « Tout enregistrer » on `page` and waits for the outcome of the whole run (the same
 * result panel as a save of the page, with its channel status).
 */
export async function saveAllAndWait(page: Page, timeoutMs = 60_000): Promise<CaptureResult> {
  // The dashboard may have been opened in front of it: a person would come back to the tab.
  await page.bringToFront();
  const button = await waitForButtonUi(page, SAVE_ALL, 10_000);
  return saveAndWait(button, () => button.click(), timeoutMs);
}

/**
 * Browser-test harness: the demo server, Chromium with the built extension, and a log of every
 * request the extension's own targets (service worker, extension pages) make.
 */
import { findDocumentReader } from '../../scrapers/document-registry';
import { readSavedFile } from '../../scrapers/document-runner';
import type { ScrapedRecord } from '../../storage/schemas';
import { validateRecords } from '../../storage/validate';
import { parseDocumentFile } from '../../tools/parse-document';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Target } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEFAULT_PORTALS_DIR, loadPortalIndex, startDemoServer } from '../../demo/server';
import type { DemoServer, DemoServerOptions, PortalIndex, PortalPage } from '../../demo/server';
import { dashboardUrl, launchChromium } from '../../tools/chromium';

/** The built extension; `E2E_EXTENSION_DIR` points the tests at another build. */
export const EXTENSION_DIR = resolve(
  process.env.E2E_EXTENSION_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '../../.output/chrome-mv3'),
);

export function assertExtensionBuilt(): void {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `The extension is not built: ${EXTENSION_DIR}/manifest.json is missing. ` +
        'Run the browser tests with `npm run test:e2e`, which runs `wxt build` first.',
    );
  }
}

export interface ExpectedFile {
  url: string;
  records: Array<{
    kind: string;
    patient?: string | null;
    provider?: string | null;
    act?: string | null;
    url?: string | null;
  }> | null;
}

export function portalIndex(): PortalIndex {
  return loadPortalIndex();
}

/** The page of `portalId` that `pick` selects; throws when index.json has none. */
export function findPage(portalId: string, pick: (page: PortalPage) => boolean): PortalPage {
  const page = portalIndex()
    .portals.find((portal) => portal.id === portalId)
    ?.pages.find(pick);
  if (!page) throw new Error(`index.json: no such ${portalId} page`);
  return page;
}

export function readExpected(page: PortalPage): ExpectedFile {
  return JSON.parse(readFileSync(join(DEFAULT_PORTALS_DIR, page.expected), 'utf8')) as ExpectedFile;
}

export function expectedRecords(page: PortalPage): NonNullable<ExpectedFile['records']> {
  const { records } = readExpected(page);
  if (!records) throw new Error(`${page.expected} expects an error, not records`);
  return records;
}

export interface LoggedRequest {
  from: 'service-worker' | 'extension-page';
  url: string;
}

/**
 * Records requests via a CDP session of our own on each target, with `Network` enabled.
 * Requests a service worker makes before its session is attached (at its very start) are
 * missed; pages opened with `E2E.openPage` are attached before they navigate.
 */
class ExtensionNetworkLog {
  readonly requests: LoggedRequest[] = [];
  private readonly attached = new WeakMap<Target, Promise<void>>();
  private readonly onTarget = (target: Target): void => void this.attach(target);

  constructor(
    private readonly browser: Browser,
    private readonly extensionOrigin: string,
  ) {
    browser.on('targetcreated', this.onTarget);
    for (const target of browser.targets()) void this.attach(target);
  }

  attach(target: Target): Promise<void> {
    const existing = this.attached.get(target);
    if (existing) return existing;
    const attaching = this.listen(target).catch(() => {
      // The target went away before we could attach (a closed tab, a stopped worker).
    });
    this.attached.set(target, attaching);
    return attaching;
  }

  private async listen(target: Target): Promise<void> {
    const type = target.type();
    const isWorker = type === 'service_worker' || type === 'shared_worker';
    if (isWorker && !target.url().startsWith(this.extensionOrigin)) return;
    if (type === 'browser') return;
    const session = await target.createCDPSession();
    session.on('Network.requestWillBeSent', (event) => {
      if (isWorker) {
        this.requests.push({ from: 'service-worker', url: event.request.url });
      } else if (event.documentURL.startsWith(this.extensionOrigin)) {
        this.requests.push({ from: 'extension-page', url: event.request.url });
      }
    });
    await session.send('Network.enable');
  }

  detach(): void {
    this.browser.off('targetcreated', this.onTarget);
  }
}

async function extensionUiLanguage(browser: Browser, extensionId: string): Promise<string> {
  const target = await browser.waitForTarget(
    (candidate) =>
      candidate.type() === 'service_worker' &&
      candidate.url().startsWith(`chrome-extension://${extensionId}/`),
  );
  const worker = await target.worker();
  if (!worker) throw new Error('The extension service worker is not reachable');
  // A worker that has just started may not have its extension APIs bound yet: ask again.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const language = await worker.evaluate(
      () =>
        (globalThis as { chrome?: { i18n?: { getUILanguage(): string } } }).chrome?.i18n?.getUILanguage() ??
        null,
    );
    if (language) return language;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error('The extension service worker never exposed chrome.i18n');
}

/** A message of the built extension's catalogue, e.g. to know a label in the browser's language. */
export function extensionMessage(uiLanguage: string, key: string): string {
  const [language = 'fr'] = uiLanguage.split('-');
  const locales = join(EXTENSION_DIR, '_locales');
  const folder =
    [uiLanguage.replace('-', '_'), language].find((name) => existsSync(join(locales, name))) ?? 'fr';
  const catalogue = JSON.parse(readFileSync(join(locales, folder, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string } | undefined
  >;
  const message = catalogue[key]?.message;
  if (message === undefined) throw new Error(`No message "${key}" in ${folder}/messages.json`);
  return message;
}

export interface E2E {
  server: DemoServer;
  browser: Browser;
  extensionId: string;
  /** `i18n.getUILanguage()` as the extension sees it: French unless Chromium lacks its locale. */
  uiLanguage: string;
  dashboardUrl: string;
  network: ExtensionNetworkLog;
  /** A new tab, its requests logged from the start, navigated to `url` (until `load`). */
  openPage(url: string): Promise<Page>;
  /** Closes the tabs opened with `openPage`. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The harness for one test file: started before its first test, its tabs closed after each test,
 * everything closed after the file. Call it at the top of a `describe`; the getter gives the
 * running harness.
 */
export interface E2EOptions {
  headless?: boolean;
  /**
   * Bench pages, or pages made in memory (hostile variants, a page on a host no portal uses),
   * served at their real URLs.
   */
  server?: Pick<DemoServerOptions, 'bench' | 'extraPages' | 'otherSites'>;
}

export function useE2E(options: E2EOptions = {}): () => E2E {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E(options);
  });
  afterEach(async () => {
    await e2e?.closePages();
  });
  afterAll(async () => {
    await e2e?.close();
  });
  return () => {
    if (!e2e) throw new Error('The browser harness did not start (see the beforeAll error).');
    return e2e;
  };
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  assertExtensionBuilt();
  const server = await startDemoServer({ ...options.server, port: 0 });
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  try {
    chromium = await launchChromium({
      extensionDir: EXTENSION_DIR,
      port: server.port,
      headless: options.headless ?? process.env.E2E_HEADFUL !== '1',
      hosts: server.hosts,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const { browser, extensionId } = chromium;
  let uiLanguage: string;
  try {
    uiLanguage = await extensionUiLanguage(browser, extensionId);
  } catch (error) {
    await chromium.close();
    await server.close();
    throw error;
  }
  // After the language: puppeteer's own worker session and ours must not be opened at once.
  const network = new ExtensionNetworkLog(browser, `chrome-extension://${extensionId}/`);
  const pages: Page[] = [];

  return {
    server,
    browser,
    extensionId,
    uiLanguage,
    dashboardUrl: dashboardUrl(extensionId),
    network,
    async openPage(url) {
      const page = await browser.newPage();
      pages.push(page);
      await network.attach(page.target());
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async closePages() {
      const open = pages.splice(0);
      await Promise.all(open.map((page) => page.close().catch(() => undefined)));
    },
    async close() {
      network.detach();
      await chromium.close();
      await server.close();
    },
  };
}

/**
 * The path of the first file ending in `extension` in `folder`, once the browser has finished
 * writing it (both write under another name first: `.crdownload` in Chromium, `.part` in Firefox).
 */
export async function waitForDownload(folder: string, extension: string): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const done = readdirSync(folder).filter((name) => name.endsWith(extension));
    if (done.length > 0) return join(folder, done[0]!);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`no ${extension} downloaded in ${folder}: ${readdirSync(folder).join(', ')}`);
}

/**
 * Turns the live ameli payments page into what a saved copy of it is: every payment's detail
 * opened (the page's own script asks the portal for each), then the date filters removed, so
 * that the portal's requests cannot run and the extension reads the page as it is shown. For
 * the tests that change what the page shows (hostile text, a changed layout).
 */
export async function ameliAsShown(page: Page): Promise<void> {
  const rows = await page.$$eval('[id^="lignePaiement"]', (items) => {
    for (const item of items) (item as HTMLElement).click();
    return items.length;
  });
  await page.waitForFunction(
    (count) => document.querySelectorAll('.zoneDetail.ouvert').length === count,
    { timeout: 15_000 },
    rows,
  );
  await page.evaluate(() => document.getElementById('paiements_1')?.remove());
}

/**
 * The records the dashboard reads from the documents of `records` when it opens (a CR-BIO saved
 * from Mon espace santé…), read here by the same pipeline from the demo portals' files.
 */
export async function recordsFromDocuments(
  records: readonly Record<string, unknown>[],
): Promise<ScrapedRecord[]> {
  const files = new Map(
    portalIndex().portals.flatMap((portal) => portal.files.map((file) => [file.url, file.file])),
  );
  const read: ScrapedRecord[] = [];
  for (const record of records) {
    if (record.kind !== 'document' || typeof record.url !== 'string') continue;
    const file = files.get(record.url);
    if (!file) continue;
    const parsed = await parseDocumentFile(readFileSync(join(DEFAULT_PORTALS_DIR, file)));
    if (!parsed) continue;
    try {
      const document = record as unknown as Extract<ScrapedRecord, { kind: 'document' }>;
      const reading = readSavedFile(parsed.input, document, findDocumentReader, validateRecords);
      if (reading?.status === 'ok') read.push(...reading.records);
    } finally {
      await parsed.close();
    }
  }
  return read;
}

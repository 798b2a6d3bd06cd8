/**
 * What every figure runs in: the demo server with the bench pages, Chromium with the built
 * extension, a tab for portal pages and an extension page (the manifest, which runs no script of
 * the product) for plain IndexedDB work in the extension's origin.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { startDemoServer, type DemoServer } from '../../demo/server';
import {
  findChromium,
  launchChromium,
  offlineHostRules,
  SAVE_ALL,
  waitForSaveButton,
  type LaunchedChromium,
} from '../chromium';
import { buttonRoot, waitForButtonUi } from '../button-root';
import { armSaveTimer, savedResult, type ClickResult } from './in-page';
import { recreateDatabase } from './in-page-idb';
import { benchAmeliAccount } from './channels';
import { currentSchema } from './schema';
import { sleep } from './stats';

/** The product's database (storage/db.ts `DB_NAME`) and the baseline's, both in the extension. */
export const PRODUCT_DB = 'mes-donnees-sante';
export const BASELINE_DB = 'mdms-bench-baseline';
/** After the button shows, let the page settle (content script, layout, GC) before timing. */
const SETTLE_MS = 300;

export interface Session {
  server: DemoServer;
  chromium: LaunchedChromium;
  browser: Browser;
  extensionId: string;
  /** chrome-extension://<id>/manifest.json: the extension's origin, without the product's code. */
  extensionPage: Page;
  /** The tab portal pages are loaded in. */
  tab: Page;
  close(): Promise<void>;
}

/**
 * A DevTools call's longest wait: a step of the bench waits up to 10 minutes (transfer.ts
 * STEP_TIMEOUT_MS) in one `waitForFunction`, which puppeteer's default of 3 minutes cut short
 * in the apply of a million-record import.
 */
const PROTOCOL_TIMEOUT_MS = 11 * 60_000;

export async function startSession(
  extensionDir: string,
  extraPages: ReadonlyMap<string, string>,
): Promise<Session> {
  const server = await startDemoServer({ bench: true, extraPages, accounts: { ameli: benchAmeliAccount() } });
  let chromium: LaunchedChromium;
  try {
    chromium = await launchChromium({
      extensionDir,
      port: server.port,
      headless: true,
      hosts: server.hosts,
      protocolTimeout: PROTOCOL_TIMEOUT_MS,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const close = async (): Promise<void> => {
    await chromium.close();
    await server.close();
  };
  try {
    const { browser, extensionId } = chromium;
    const extensionPage = await browser.newPage();
    await extensionPage.goto(`chrome-extension://${extensionId}/manifest.json`);
    const tab = await browser.newPage();
    return { server, chromium, browser, extensionId, extensionPage, tab, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Chromium as `launchChromium` starts it (tools/chromium.ts), without the extension. */
export async function launchBareChromium(
  port: number,
  hosts: readonly string[],
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'mdms-bench-bare-'));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    userDataDir,
    defaultViewport: { width: 1280, height: 900 },
    handleSIGINT: false,
    env: { ...process.env, LANGUAGE: 'fr' },
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      '--lang=fr',
      '--accept-lang=fr',
      `--host-resolver-rules=${offlineHostRules(hosts, port)}`,
      '--ignore-certificate-errors',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Loads a portal page and waits for the extension's button, then for the page to settle. */
export async function loadPortalPage(tab: Page, url: string): Promise<void> {
  await tab.goto(url, { waitUntil: 'load', timeout: 60_000 });
  if (!(await waitForSaveButton(tab, 20_000))) throw new Error(`no save button on ${url}`);
  await sleep(SETTLE_MS);
}

/**
 * A full garbage collection in the portal tab, the extension page and the extension's service
 * worker, before each timed step of the product and of the baseline alike, so that no step pays
 * for the garbage of the one before. Without it the capture figures alternated with the order of
 * the steps: the baseline's walk hands its 2 000 rows back through DevTools and leaves them in the
 * tab's heap, and the product's next save paid the major GC (re-capture runs of 35–45 ms after a
 * save, 90–230 ms after a walk). A step still pays for the garbage it makes itself.
 */
export async function collectGarbage(session: Session): Promise<void> {
  const worker = session.browser
    .targets()
    .find(
      (target) =>
        target.type() === 'service_worker' &&
        target.url().startsWith(`chrome-extension://${session.extensionId}/`),
    );
  const cdps = await Promise.all([
    session.tab.createCDPSession(),
    session.extensionPage.createCDPSession(),
    ...(worker ? [worker.createCDPSession()] : []),
  ]);
  await Promise.all(
    cdps.map(async (cdp) => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.detach();
    }),
  );
}

/** An empty product database, created as Dexie creates it, so no save pays for its creation. */
export async function emptyProductDatabase(session: Session): Promise<void> {
  const { version, stores } = currentSchema();
  await session.extensionPage.evaluate(recreateDatabase, PRODUCT_DB, version, stores);
}

/** An empty baseline database: the product's `names` stores, same key paths and indexes. */
export async function emptyBaselineDatabase(session: Session, names = ['records']): Promise<void> {
  const { version, stores } = currentSchema();
  const kept = stores.filter((store) => names.includes(store.name));
  await session.extensionPage.evaluate(recreateDatabase, BASELINE_DB, version, kept);
}

/**
 * One timed click of "save" (or of « Tout enregistrer »: `save-all`) on the page in the tab;
 * throws unless the save went through.
 */
export async function timedSave(
  tab: Page,
  which: 'save-my-data' | 'save-all' = 'save-my-data',
): Promise<ClickResult> {
  const root = await buttonRoot(tab);
  if (!root) throw new Error('no save button on the page');
  await root.evaluate(armSaveTimer, 120_000, which);
  await root.dispose();
  const button =
    which === 'save-my-data'
      ? await waitForSaveButton(tab, 5_000)
      : await waitForButtonUi(tab, SAVE_ALL, 5_000);
  if (!button) throw new Error('the save button went away');
  await button.click();
  await button.dispose();
  const result = await tab.evaluate(savedResult);
  if (result.status !== 'ok') throw new Error(`save ended with status ${result.status}`);
  return result;
}

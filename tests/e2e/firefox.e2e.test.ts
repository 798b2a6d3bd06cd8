/**
 * The Firefox build (`.output/firefox-mv2`, built by `npm run test:e2e`) in Debian's Firefox ESR,
 * in French: the background injects each portal's script, the button saves the page through the
 * background into Firefox's IndexedDB, a second save finds everything unchanged, « Tout
 * enregistrer » saves the whole ameli history, the hospital's documents are saved with their
 * files, and the dashboard opened from the page lists the records. The archive is exported as a
 * ZIP, everything is erased, the downloaded file is imported back, and a document's file opens.
 * Pages of other sites get nothing. Everything goes through a proxy that reaches the demo
 * portals only (tools/firefox.ts). The tests run in order and build on each other's records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherSitePages, startDemoServer, type DemoServer } from '../../demo/server';
import {
  readDashboard,
  saveAllAndWait,
  saveAndWait,
  waitForSaveButton,
  type CaptureResult,
} from '../../tools/chromium';
import { launchFirefox, openDashboardFrom, type LaunchedFirefox } from '../../tools/firefox';
import { expectedRecords, findPage, waitForDownload } from './helpers';

const EXTENSION_DIR = resolve(
  process.env.E2E_FIREFOX_EXTENSION_DIR ??
    join(dirname(fileURLToPath(import.meta.url)), '../../.output/firefox-mv2'),
);
const BUTTON_TIMEOUT = 15_000;
/** How long a page of another site is watched for a button that must not come. */
const NO_BUTTON_WAIT = 3_000;

/** The live-like ameli portal: the window shown is saved first, then the whole window. */
const ameli = findPage('ameli', (page) => page.saveAll !== undefined);
const ameliAll = ameli.saveAll!.recordCount;
const labo = findPage('labo', (page) => page.expected === 'labo/compte-rendu.expected.json');
/** Documents whose files the content script downloads from the portal and saves. */
const hopitalDocuments = findPage('hopital', (page) => page.expected === 'hopital/documents.expected.json');
const CLINIC = [...otherSitePages().keys()].find((url) => url.includes('exemple-clinique'))!;

describe('the Firefox build, in Firefox ESR', () => {
  let server: DemoServer;
  let firefox: LaunchedFirefox;
  let downloads: string;
  let dashboard: Page;
  const pages: Page[] = [];
  const saved = () =>
    ameliAll + [labo, hopitalDocuments].reduce((sum, page) => sum + expectedRecords(page).length, 0);

  beforeAll(async () => {
    server = await startDemoServer({ otherSites: true });
    downloads = mkdtempSync(join(tmpdir(), 'mdms-firefox-downloads-'));
    firefox = await launchFirefox({
      extensionDir: EXTENSION_DIR,
      port: server.port,
      hosts: server.hosts,
      headless: true,
      downloadDir: downloads,
    });
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  /** Shows a view of the dashboard tab (its address is its hash). */
  async function view(hash: string): Promise<void> {
    await dashboard.evaluate((to) => (location.hash = to), hash);
    await dashboard.waitForSelector(`main[data-view="${hash.replace(/^#\//, '')}"]`, { timeout: 15_000 });
  }

  async function open(url: string): Promise<Page> {
    const page = await firefox.browser.newPage();
    pages.push(page);
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  async function save(page: Page): Promise<CaptureResult> {
    const button = await waitForSaveButton(page, BUTTON_TIMEOUT);
    if (!button) throw new Error(`No save button on ${page.url()} within ${BUTTON_TIMEOUT} ms`);
    return saveAndWait(button);
  }

  it('offers the button on a portal page, in French, and saves the page’s records', async () => {
    const page = await open(ameli.url);
    const button = await waitForSaveButton(page, BUTTON_TIMEOUT);
    expect(await button?.evaluate((element) => (element.textContent ?? '').trim())).toBe(
      'Enregistrer mes données',
    );
    const result = await save(page);
    const count = expectedRecords(ameli).length;
    expect(result).toMatchObject({ status: 'ok', found: count, added: count, invalid: 0 });
    expect(result.text).toContain('Données enregistrées');
  });

  it('finds the same page unchanged when it is saved again', async () => {
    const page = await open(ameli.url);
    const count = expectedRecords(ameli).length;
    expect(await save(page)).toMatchObject({ status: 'ok', added: 0, updated: 0, unchanged: count });
  });

  it('saves the whole window with « Tout enregistrer », through the portal’s requests in the session', async () => {
    const page = await open(ameli.url);
    const first = expectedRecords(ameli).length;
    expect(await saveAllAndWait(page)).toMatchObject({
      status: 'ok',
      channel: 'complete',
      found: ameliAll,
      added: ameliAll - first,
      invalid: 0,
    });
  });

  it('reads other portals with their own scrapers, and saves the documents’ files', async () => {
    for (const portalPage of [labo, hopitalDocuments]) {
      const page = await open(portalPage.url);
      const count = expectedRecords(portalPage).length;
      expect(await save(page)).toMatchObject({ status: 'ok', found: count, added: count, invalid: 0 });
    }
  });

  it('opens the dashboard from the page, which lists every saved record', async () => {
    const page = pages.at(-1)!;
    dashboard = await openDashboardFrom(firefox, page);
    const state = await readDashboard(dashboard);
    expect(state.count).toBe(saved());
    expect(state.rows.length).toBeGreaterThan(0);
  });

  it('exports the archive, erases everything, and imports the downloaded file back', async () => {
    await view('#/reglages');
    const contents = await dashboard.waitForSelector('[data-testid="archive-contents"]', { timeout: 10_000 });
    const files = Number(await contents!.evaluate((e) => e.getAttribute('data-files')));
    expect(files).toBeGreaterThan(0);

    await view('#/exporter');
    await dashboard.click('[data-testid="export-submit"]');
    const exported = await dashboard.waitForSelector('[data-testid="export-done"]', { timeout: 30_000 });
    expect(await exported!.evaluate((e) => e.textContent)).toContain(String(saved()));
    const archive = await waitForDownload(downloads, '.zip');
    expect(archive).toMatch(/mes-donnees-sante-\d{4}-\d{2}-\d{2}\.zip$/);

    await view('#/reglages');
    await dashboard.click('[data-testid="erase-all"]');
    await dashboard.waitForSelector('[data-testid="erase-all-confirm"]');
    await dashboard.click('[data-testid="erase-all-yes"]');
    await dashboard.waitForSelector('[data-testid="record-count"][data-count="0"]', { timeout: 10_000 });

    await view('#/exporter');
    const input = (await dashboard.waitForSelector(
      '[data-testid="import-file"]',
    )) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(archive);
    await dashboard.waitForSelector('[data-testid="import-analyse"]:not([disabled])', { timeout: 10_000 });
    await dashboard.click('[data-testid="import-analyse"]');
    await dashboard.waitForSelector('[data-testid="import-plan"]', { timeout: 30_000 });
    await dashboard.click('[data-testid="import-confirm"]');
    const imported = await dashboard.waitForSelector('[data-testid="import-done"]', { timeout: 30_000 });
    expect(await imported!.evaluate((e) => e.textContent)).toContain(String(saved()));
    await dashboard.waitForSelector(`[data-testid="record-count"][data-count="${saved()}"]`, {
      timeout: 10_000,
    });
    await view('#/reglages');
    await dashboard.waitForSelector(
      `[data-testid="archive-contents"][data-records="${saved()}"][data-files="${files}"]`,
      { timeout: 10_000 },
    );
  }, 90_000);

  it('opens a document’s file, imported from the archive', async () => {
    await view('#/documents');
    await readDashboard(dashboard);
    const before = (await firefox.browser.pages()).length;
    const button = await dashboard.waitForSelector('[data-testid="documents"] [data-testid="open-file"]', {
      timeout: 10_000,
    });
    await button!.click();
    for (let i = 0; i < 50 && (await firefox.browser.pages()).length === before; i++) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    expect((await firefox.browser.pages()).length).toBe(before + 1);
    // The file opened, not the « file missing » notice.
    expect(await dashboard.$('[data-testid="documents"] [role="alert"]')).toBeNull();
  });

  it('puts nothing on a page of a site no scraper knows', async () => {
    const page = await open(CLINIC);
    expect(await waitForSaveButton(page, NO_BUTTON_WAIT)).toBeNull();
    expect(await page.evaluate(() => document.querySelector('mes-donnees-sante'))).toBeNull();
  });

  it('reached no host but the demo portals', () => {
    expect(firefox.proxy.refused).toEqual([]);
  });
});

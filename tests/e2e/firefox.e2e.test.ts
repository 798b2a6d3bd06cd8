/**
 * The Firefox build (`.output/firefox-mv2`, built by `npm run test:e2e`) in Debian's Firefox ESR,
 * in French: the background injects each portal's script, the button saves the page through the
 * background into Firefox's IndexedDB, a second save finds everything unchanged, and the dashboard
 * opened from the page lists the records. Pages of other sites get nothing. Everything goes
 * through a proxy that reaches the demo portals only (tools/firefox.ts).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherSitePages, startDemoServer, type DemoServer } from '../../demo/server';
import { readDashboard, saveAndWait, waitForSaveButton, type CaptureResult } from '../../tools/chromium';
import { launchFirefox, openDashboardFrom, type LaunchedFirefox } from '../../tools/firefox';
import { expectedRecords, findPage } from './helpers';

const EXTENSION_DIR = resolve(
  process.env.E2E_FIREFOX_EXTENSION_DIR ??
    join(dirname(fileURLToPath(import.meta.url)), '../../.output/firefox-mv2'),
);
const BUTTON_TIMEOUT = 15_000;
/** How long a page of another site is watched for a button that must not come. */
const NO_BUTTON_WAIT = 3_000;

const ameli = findPage('ameli', (page) => page.pagination?.page === 1);
const labo = findPage('labo', (page) => !page.spa && expectedRecordsOrNull(page) !== null);
const CLINIC = [...otherSitePages().keys()].find((url) => url.includes('exemple-clinique'))!;

function expectedRecordsOrNull(page: Parameters<typeof expectedRecords>[0]) {
  try {
    return expectedRecords(page);
  } catch {
    return null;
  }
}

describe('the Firefox build, in Firefox ESR', () => {
  let server: DemoServer;
  let firefox: LaunchedFirefox;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startDemoServer({ otherSites: true });
    firefox = await launchFirefox({
      extensionDir: EXTENSION_DIR,
      port: server.port,
      hosts: server.hosts,
      headless: true,
    });
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

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

  it('reads another portal with its own scraper', async () => {
    const page = await open(labo.url);
    const count = expectedRecords(labo).length;
    expect(await save(page)).toMatchObject({ status: 'ok', found: count, added: count, invalid: 0 });
  });

  it('opens the dashboard from the page, which lists every saved record', async () => {
    const page = pages.at(-1)!;
    const dashboard = await openDashboardFrom(firefox, page);
    const state = await readDashboard(dashboard);
    expect(state.count).toBe(expectedRecords(ameli).length + expectedRecords(labo).length);
    expect(state.rows.length).toBeGreaterThan(0);
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

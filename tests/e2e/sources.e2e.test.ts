/**
 * The Sources view in the browser, with the built extension: one demo page saved through its
 * button, the same page saved again after its layout changed, then the dashboard's `#/sources`
 * checked against the registry (every portal and its reader's version, saved or not) and the
 * saves made (the broken page and its message, the portals never saved). The tests run in order
 * and build on each other's saves. A screenshot of the view is saved under .tmp/e2e-artifacts/sources.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { scrapers } from '../../scrapers/registry';
import { saveAllAndWait, saveAndWait, waitForSaveButton } from '../../tools/chromium';
import { expectedRecords, ameliAsShown, findPage, useE2E } from './helpers';

const ARTIFACTS = join(process.cwd(), process.env.E2E_ARTIFACTS_DIR ?? '.tmp/e2e-artifacts/sources');

const HOSTILE_HEADING = '<img src=x onerror="alert(1)">Mes paiements';

const ameli = findPage('ameli', (page) => page.saveAll !== undefined);
const ameliVersion = scrapers.find((scraper) => scraper.id === 'ameli')?.version;
const ameliPage = (() => {
  const url = new URL(ameli.url);
  return `${url.origin}${url.pathname}`;
})();

describe('the Sources view', () => {
  const harness = useE2E();

  async function save(url: string, breakLayout = false) {
    const page = await harness().openPage(url);
    const button = await waitForSaveButton(page, 10_000);
    if (!button) throw new Error(`No save button on ${url}`);
    if (breakLayout) {
      // A copy of the page whose layout changed, as in save-ameli.e2e.test.ts: read as it is
      // shown, its act tables lost "Montant versé".
      await ameliAsShown(page);
      await page.evaluate((heading) => {
        // The page's heading is quoted in the message: page text, to be shown as text.
        const title = document.querySelector('h1');
        if (title) title.textContent = heading;
        for (const cell of document.querySelectorAll('[id^=montantVerse]:not([id^=montantVersePFF])'))
          cell.remove();
        for (const header of document.querySelectorAll('.tableauDetail th')) {
          if (header.textContent?.includes('Montant versé')) header.remove();
        }
      }, HOSTILE_HEADING);
    }
    // A click needs its tab in front.
    await page.bringToFront();
    return saveAndWait(button);
  }

  async function openSources(): Promise<Page> {
    const page = await harness().openPage(`${harness().dashboardUrl}#/sources`);
    await page.bringToFront();
    await waitForSources(page);
    return page;
  }

  async function waitForSources(page: Page): Promise<void> {
    await page.waitForSelector('main[data-view="sources"] [data-testid="sources-table"]', {
      timeout: 15_000,
    });
    await page.waitForFunction(() => !document.querySelector('main p[aria-busy="true"]'), {
      timeout: 15_000,
    });
  }

  const card = (source: string) => `[data-testid="source-health"][data-source="${source}"]`;
  const texts = (page: Page, selector: string) =>
    page.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));

  it('saves a demo page, then the same page with a changed layout', async () => {
    const read = await save(ameli.url);
    expect(read).toMatchObject({ status: 'ok', added: expectedRecords(ameli).length, invalid: 0 });
    const broken = await save(ameli.url, true);
    expect(broken.status).toBe('broken');
  });

  it('lists every portal of the registry with its reader version, and the portals never saved', async () => {
    const page = await openSources();
    const rows = await page.$$eval('[data-testid="source-row"]', (elements) =>
      elements.map((row) => [row.getAttribute('data-source'), row.getAttribute('data-version')]),
    );
    expect(rows).toEqual(scrapers.map((scraper) => [scraper.id, scraper.version]));
    for (const scraper of scrapers) {
      const version = await page.$eval(
        `${card(scraper.id)} [data-testid="reader-version"]`,
        (e) => e.textContent,
      );
      expect(version).toContain(scraper.version);
      const never = await page.$(`${card(scraper.id)} [data-testid="gap-never-saved"]`);
      expect(never === null, scraper.id).toBe(scraper.id === 'ameli');
    }
    const outcomes = await page.$$eval('[data-source="ameli"] [data-testid="outcome-count"]', (cells) =>
      cells.map((cell) => [cell.getAttribute('data-outcome'), cell.getAttribute('data-count')]),
    );
    expect(outcomes).toEqual([
      ['success', '1'],
      ['partial', '0'],
      ['failure', '1'],
    ]);
  });

  it('shows the broken page with its message, as text, until a save of it works again', async () => {
    const page = await openSources();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'sources-broken.png'), fullPage: true });
    const broken = `${card('ameli')} [data-testid="gap-broken-page"]`;
    expect(await page.$$eval(broken, (items) => items.map((item) => item.getAttribute('data-page')))).toEqual(
      [ameliPage],
    );
    const [message = ''] = await texts(page, `${broken} [data-testid="gap-broken-message"]`);
    expect(message).toContain(`(ameli ${ameliVersion})`);
    expect(message).toContain('Montant versé');
    expect(message).toContain(HOSTILE_HEADING);
    expect(await page.$$('img[src="x"], [onerror]')).toHaveLength(0);
    expect(await texts(page, `${card('ameli')} [data-testid="failure-messages"]`)).toEqual([message]);
    expect(await page.$eval(`${card('ameli')} [data-testid="last-failure"]`, (e) => e.textContent)).toContain(
      ameli.url,
    );

    // Saved again as it is, the page reads: the open view updates by itself.
    expect((await save(ameli.url)).status).toBe('ok');
    await page.bringToFront();
    await page.waitForFunction(
      (selector) => document.querySelector(selector) === null,
      { timeout: 15_000 },
      broken,
    );
    // The page's save gave the payments only: the statements are still missing, until
    // « Tout enregistrer » brings them (and their files).
    expect(
      await page.$$eval(`${card('ameli')} [data-testid="gap-missing-kinds"]`, (items) => items.length),
    ).toBe(1);
    const portal = await harness().openPage(ameli.url);
    expect((await saveAllAndWait(portal)).status).toBe('ok');
    await page.bringToFront();
    await page.waitForSelector(`${card('ameli')} [data-testid="gap-none"]`, { timeout: 15_000 });
  });

  it('is reached from the keyboard through the navigation', async () => {
    const page = await harness().openPage(harness().dashboardUrl);
    await page.bringToFront();
    await page.waitForSelector('main[data-view="apercu"]');
    let focused: string | null = null;
    for (let presses = 0; presses < 60 && focused !== 'nav-sources'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    }
    expect(focused).toBe('nav-sources');
    await page.keyboard.press('Enter');
    await waitForSources(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
  });
});

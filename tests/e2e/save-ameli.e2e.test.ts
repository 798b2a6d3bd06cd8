/**
 * Saving the ameli payments history from the (simulated) portal pages, end to end: content
 * script button, capture, IndexedDB, dashboard. The tests run in order and build on each
 * other's saved records, as a person going through the history would.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { readDashboard, saveAndWait, waitForSaveButton } from '../../tools/chromium';
import type { DashboardState } from '../../tools/chromium';
import ameli from '../../scrapers/ameli';
import { expectedRecords, extensionMessage, findPage, useE2E } from './helpers';
import { waitForButtonUi } from '../../tools/button-root';

const BUTTON_TIMEOUT = 10_000;
/** How long an unsupported page is watched for a button that must not come. */
const NO_BUTTON_WAIT = 3_000;

const page1 = findPage('ameli', (page) => page.pagination?.page === 1);
const page2 = findPage('ameli', (page) => page.pagination?.page === 2);
const page3 = findPage('ameli', (page) => page.pagination?.page === 3);
const spaPage = findPage('ameli', (page) => page.spa);
const page1Records = expectedRecords(page1);
const spaRecords = expectedRecords(spaPage);
const allCount = [page1, page2, page3, spaPage].reduce((sum, page) => sum + expectedRecords(page).length, 0);

describe('saving ameli payments', () => {
  const harness = useE2E();

  async function saveButton(page: Page) {
    const button = await waitForSaveButton(page, BUTTON_TIMEOUT);
    if (!button) throw new Error(`No save button on ${page.url()} within ${BUTTON_TIMEOUT} ms`);
    return button;
  }

  async function dashboard(): Promise<DashboardState> {
    const page = await harness().openPage(harness().dashboardUrl);
    return readDashboard(page);
  }

  it('offers an accessible button on the payments page and saves its 10 records with Enter', async () => {
    const page = await harness().openPage(page1.url);
    const button = await saveButton(page);
    const shape = await button.evaluate((element) => {
      const root = element.getRootNode();
      return {
        tag: element.tagName.toLowerCase(),
        shadowMode: root instanceof ShadowRoot ? root.mode : null,
        name: (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
        disabled: (element as HTMLButtonElement).disabled,
      };
    });
    // "Enregistrer mes données" in French; Debian's Chromium without chromium-l10n only speaks English.
    const label = harness().uiLanguage.startsWith('fr')
      ? 'Enregistrer mes données'
      : extensionMessage(harness().uiLanguage, 'saveButton');
    expect(shape).toEqual({ tag: 'button', shadowMode: 'closed', name: label, disabled: false });

    // Above the page's cookie banner, and clear of its buttons.
    const placement = await button.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      const host = (element.getRootNode() as ShadowRoot).host;
      const onTop = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2) === host;
      const overlaps = [...document.querySelectorAll('#bandeau-cookies button, #bandeau-cookies a')].some(
        (other) => {
          const r = other.getBoundingClientRect();
          return r.left < rect.right && rect.left < r.right && r.top < rect.bottom && rect.top < r.bottom;
        },
      );
      const banner = document.querySelector('#bandeau-cookies')?.getBoundingClientRect();
      return { onTop, overlaps, aboveBanner: banner ? rect.bottom <= banner.top : true };
    });
    expect(placement).toEqual({ onTop: true, overlaps: false, aboveBanner: true });

    // Reachable from the keyboard: Tab through the page until the button has the focus.
    const isFocused = () =>
      button.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element);
    let presses = 0;
    while (!(await isFocused()) && presses < 300) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(await isFocused(), 'the save button never got the focus with Tab').toBe(true);

    const result = await saveAndWait(button, () => page.keyboard.press('Enter'));
    expect(result).toMatchObject({
      status: 'ok',
      found: page1Records.length,
      added: page1Records.length,
      invalid: 0,
    });
    expect(page1Records.length).toBe(10);
    expect(result.text).not.toBe('');
  });

  it('lists the saved records in the dashboard', async () => {
    const state = await dashboard();
    expect(state.count).toBe(10);
    expect(state.rows).toHaveLength(10);
    expect(state.rows.every((row) => row.kind === 'reimbursement')).toBe(true);
    expect(new Set(state.rows.map((row) => row.id)).size).toBe(10);
    const first = page1Records[0];
    if (!first?.act || !first.patient)
      throw new Error(`${page1.expected}: first record has no act or patient`);
    const { act, patient } = first;
    expect(state.rows.some((row) => row.text.includes(act) && row.text.includes(patient))).toBe(true);
  });

  it('changes nothing when the same page is saved again', async () => {
    const page = await harness().openPage(page1.url);
    const button = await saveButton(page);
    const result = await saveAndWait(button);
    expect(result).toMatchObject({ status: 'ok', found: 10, added: 0, unchanged: 10, invalid: 0 });
    const state = await dashboard();
    expect(state.count).toBe(10);
    expect(state.rows).toHaveLength(10);
  });

  it('waits for the content of the SPA page before offering the button', async () => {
    const page = await harness().openPage(spaPage.url);
    const button = await saveButton(page);
    // The SPA draws its payments 300 ms after load; the button must not come before them.
    const actRows = await page.evaluate(() => document.querySelectorAll('[id^="Nature"]').length);
    expect(actRows).toBeGreaterThan(0);
    const result = await saveAndWait(button);
    expect(result).toMatchObject({
      status: 'ok',
      found: spaRecords.length,
      added: spaRecords.length,
      invalid: 0,
    });
    const state = await dashboard();
    expect(state.rows).toHaveLength(page1Records.length + spaRecords.length);
    expect(state.count).toBe(18);
  });

  it('adds the next pages of the history', async () => {
    for (const next of [page2, page3]) {
      const page = await harness().openPage(next.url);
      const result = await saveAndWait(await saveButton(page));
      const count = expectedRecords(next).length;
      expect(result, next.url).toMatchObject({ status: 'ok', found: count, added: count, invalid: 0 });
    }
    const state = await dashboard();
    expect(state.count).toBe(allCount);
    expect(state.rows).toHaveLength(allCount);
  });

  it('reports a page whose layout changed, naming the reader, and stores nothing from it', async () => {
    const before = (await dashboard()).count;
    const page = await harness().openPage(page1.url);
    const button = await saveButton(page);
    // The portal drops a column: the act tables lose "Montant versé".
    await page.evaluate(() => {
      for (const cell of document.querySelectorAll('[id^=montantVerse]:not([id^=montantVersePFF])'))
        cell.remove();
      for (const header of document.querySelectorAll('.tableauDetail th')) {
        if (header.textContent?.includes('Montant versé')) header.remove();
      }
    });
    const result = await saveAndWait(button);
    expect(result.status).toBe('broken');
    expect(result.text).toContain(`ameli ${ameli.version}`);
    expect(result.text).toContain('Montant versé');
    expect((await dashboard()).count).toBe(before);

    // The tester can hand the researchers an anonymised copy: previewed, then downloaded.
    await page.bringToFront();
    const downloads = mkdtempSync(join(tmpdir(), 'mdms-report-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await (await waitForButtonUi(page, '[data-testid="report-offer"]')).click();
    const frame = await waitForButtonUi(page, '[data-testid="report-frame"]');
    const preview = await frame.evaluate((element) => element.getAttribute('srcdoc') ?? '');
    expect(preview).toContain('tableauDetail');
    for (const record of page1Records) {
      for (const name of [record.patient, record.provider]) if (name) expect(preview).not.toContain(name);
    }
    await (await waitForButtonUi(page, '[data-testid="report-download"]')).click();
    let files: string[] = [];
    for (let i = 0; i < 50 && files.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      files = readdirSync(downloads).filter((file) => file.endsWith('.html'));
    }
    expect(files).toHaveLength(1);
    const saved = readFileSync(join(downloads, files[0]!), 'utf8');
    expect(saved).toMatch(/^<!-- url: https:\/\/assure\.ameli\.fr\//);
    expect(saved).not.toContain('Camille MARTIN');
    rmSync(downloads, { recursive: true, force: true });
  });

  it('gets its button once, after the page has loaded, and keeps one through in-page navigation', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    const loadedFirst = await page.evaluate(() => {
      const timing = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return timing !== undefined && timing.loadEventEnd > 0;
    });
    expect(loadedFirst).toBe(true);
    // Same-document navigations (hash, history) fire tab updates: no second script, no second button.
    await page.evaluate(() => {
      location.hash = '#paiements';
      history.pushState({ vue: 2 }, '', `${location.pathname}${location.search}#vue-2`);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await page.evaluate(() => document.querySelectorAll('mes-donnees-sante').length)).toBe(1);
    await page.reload({ waitUntil: 'load' });
    await saveButton(page);
    expect(await page.evaluate(() => document.querySelectorAll('mes-donnees-sante').length)).toBe(1);
  });

  it('shows no button on pages no scraper supports', async () => {
    const unsupported = [
      `${new URL(page1.url).origin}/PortailAS/page-inexistante`,
      `${new URL(page1.url).origin}/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_accueil_page`,
    ];
    for (const url of unsupported) {
      const page = await harness().openPage(url);
      expect(await waitForSaveButton(page, NO_BUTTON_WAIT), url).toBeNull();
    }
  });

  it('kept the extension off the network: only portal hosts, and nothing from its pages', () => {
    const requests = harness().network.requests;
    // The dashboard's own files prove the log was listening.
    expect(requests.some((request) => request.from === 'extension-page')).toBe(true);
    const portalHosts = new Set(harness().server.hosts);
    const local = (url: URL) =>
      (url.protocol === 'chrome-extension:' && url.host === harness().extensionId) ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:';
    const outside = requests.filter((request) => {
      const url = new URL(request.url);
      if (local(url)) return false;
      return (
        request.from === 'extension-page' || !(url.protocol === 'https:' && portalHosts.has(url.hostname))
      );
    });
    expect(outside).toEqual([]);
  });
});

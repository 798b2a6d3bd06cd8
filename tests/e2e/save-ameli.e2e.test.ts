/**
 * Saving the ameli payments from the simulated live portal, end to end: the page draws its list
 * from in-session answers behind a CSRF token, and the extension reads through the same
 * requests (button, requests, capture, IndexedDB, dashboard). The portal's faults are switched
 * on the demo server. The tests run in order and build on each other's saved records.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import {
  readDashboard,
  saveAllAndWait,
  saveAndWait,
  SAVE_ALL,
  waitForSaveButton,
} from '../../tools/chromium';
import type { DashboardState } from '../../tools/chromium';
import ameli from '../../scrapers/ameli';
import { expectedRecords, extensionMessage, findPage, useE2E } from './helpers';
import { queryButtonUi, waitForButtonUi } from '../../tools/button-root';

const BUTTON_TIMEOUT = 10_000;
/** How long an unsupported page is watched for a button that must not come. */
const NO_BUTTON_WAIT = 3_000;

const page1 = findPage('ameli', (page) => page.saveAll !== undefined);
const page1Records = expectedRecords(page1);
const allCount = page1.saveAll!.recordCount;

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

    // Reachable first from the keyboard: before the portal's menus and links (« Tout
    // enregistrer » comes just before it where the portal offers a whole history).
    const isFocused = () =>
      button.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element);
    let presses = 0;
    while (!(await isFocused()) && presses < 300) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(await isFocused(), 'the save button never got the focus with Tab').toBe(true);
    expect(presses, 'Tab presses before the save button').toBeLessThanOrEqual(2);

    const result = await saveAndWait(button, () => page.keyboard.press('Enter'));
    expect(result).toMatchObject({
      status: 'ok',
      found: page1Records.length,
      added: page1Records.length,
      invalid: 0,
    });
    expect(page1Records.length).toBe(10);
    expect(result.text).not.toBe('');

    // Tab goes on from the button to the outcome's own buttons, not away into the page…
    const focused = () =>
      button.evaluate((element) => {
        const active = (element.getRootNode() as ShadowRoot).activeElement;
        return {
          inResult: active?.closest('[data-testid="capture-result"]') !== null && active !== null,
          isButton: active === element,
          text: active?.textContent?.trim() ?? null,
        };
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ inResult: true, isButton: false });
    // …and Escape closes the outcome, giving the focus back to the button.
    await page.keyboard.press('Escape');
    expect(await focused()).toMatchObject({ inResult: false, isButton: true });
    expect(
      await button.evaluate((element) =>
        (element.getRootNode() as ShadowRoot).querySelector('[data-testid="capture-result"]'),
      ),
    ).toBeNull();
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

  it('offers the button only once the page has drawn its list from the portal', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    const drawn = await page.evaluate(() => ({
      busy: document.getElementById('tableauPaiement')?.getAttribute('aria-busy') ?? null,
      rows: document.querySelectorAll('[id^="lignePaiement"]').length,
    }));
    expect(drawn).toEqual({ busy: null, rows: 7 });
  });

  it('« Tout enregistrer » saves the whole window with every payment’s details and the statements, then adds nothing', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    harness().server.live.served.delete('ameli');
    const first = await saveAllAndWait(page);
    expect(first, first.text).toMatchObject({
      status: 'ok',
      channel: 'complete',
      found: allCount,
      added: allCount - page1Records.length,
      invalid: 0,
    });
    expect(harness().server.live.served.get('ameli')).toMatchObject({ list: 1, detail: 18, statements: 1 });
    const state = await dashboard();
    expect(state.count).toBe(allCount);
    expect(state.rows.filter((row) => row.kind === 'document')).toHaveLength(3);

    const again = await saveAllAndWait(page);
    expect(again).toMatchObject({ status: 'ok', channel: 'complete', found: allCount, added: 0, updated: 0 });
    expect((await dashboard()).count).toBe(allCount);
  });

  it('says the session has ended when the portal asks to log in again, and keeps nothing', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    harness().server.live.setFaults('ameli', { expired: true });
    try {
      const result = await saveAllAndWait(page);
      expect(result).toMatchObject({ status: 'error', channel: 'failed', code: 'session-ended' });
      expect(result.text).toMatch(/reconnect|log in again/i);
    } finally {
      harness().server.live.setFaults('ameli', {});
    }
    expect((await dashboard()).count).toBe(allCount);
  });

  it('says so when the portal refuses its token, even a fresh one', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    harness().server.live.setFaults('ameli', { refuseToken: true });
    try {
      const result = await saveAllAndWait(page);
      expect(result).toMatchObject({ status: 'error', channel: 'failed', code: 'token-refused' });
    } finally {
      harness().server.live.setFaults('ameli', {});
    }
  });

  it('saves what it could as « partiel », names what is missing, and a retry in the page fetches only that', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    harness().server.live.setFaults('ameli', { failDetails: 2 });
    const partial = await saveAllAndWait(page);
    expect(partial, partial.text).toMatchObject({ status: 'ok', channel: 'partial', added: 0, invalid: 0 });
    expect(partial.found).toBeLessThan(allCount);
    const missing = await (
      await waitForButtonUi(page, '[data-testid="result-missing"]')
    ).evaluate((element) => element.querySelectorAll('li').length);
    expect(missing).toBe(2);

    harness().server.live.setFaults('ameli', {});
    harness().server.live.served.delete('ameli');
    const retry = await saveAllAndWait(page);
    expect(retry).toMatchObject({ status: 'ok', channel: 'complete', found: allCount, added: 0 });
    // The details read the first time are kept in the page: only the two missing are asked again.
    expect(harness().server.live.served.get('ameli')?.['detail']).toBe(2);
  });

  it('waits when the portal answers 429, then saves everything', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    harness().server.live.setFaults('ameli', { rateLimit: { count: 2, retryAfter: 1 } });
    try {
      const result = await saveAllAndWait(page);
      expect(result).toMatchObject({ status: 'ok', channel: 'complete', found: allCount, added: 0 });
    } finally {
      harness().server.live.setFaults('ameli', {});
    }
  });

  it('can be cancelled while it runs, and then keeps nothing', async () => {
    const page = await harness().openPage(page1.url);
    await saveButton(page);
    harness().server.live.setFaults('ameli', { slowMs: 400 });
    try {
      const all = await waitForButtonUi(page, SAVE_ALL, BUTTON_TIMEOUT);
      const outcome = saveAndWait(all, async () => {
        await all.click();
        const cancel = await waitForButtonUi(page, '[data-testid="save-cancel"]', 5_000);
        await new Promise((resolve) => setTimeout(resolve, 600));
        await cancel.click();
      });
      const result = await outcome;
      expect(result).toMatchObject({ status: 'error', channel: 'cancelled' });
      expect(await queryButtonUi(page, '[data-testid="save-cancel"]')).toBeNull();
    } finally {
      harness().server.live.setFaults('ameli', {});
    }
    expect((await dashboard()).count).toBe(allCount);
  });

  it('reads a copy without the date filters as it is shown, and reports one whose layout changed', async () => {
    const before = (await dashboard()).count;
    const page = await harness().openPage(page1.url);
    const button = await saveButton(page);
    // A payment opened by the person, then the page as a saved copy would be: no filters, so
    // the portal's requests cannot run and the page is read as shown; and its detail lost a column.
    await page.evaluate(() => document.querySelector<HTMLElement>('[id^="lignePaiement"]')?.click());
    await page.waitForSelector('.zoneDetail.ouvert [id^="Nature"]');
    await page.evaluate(() => {
      document.getElementById('paiements_1')?.remove();
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

/**
 * The generic capture end to end (issue #6): on a page of a site no scraper knows, the toolbar
 * button opens the popup (a real action invocation, which is what grants `activeTab`), the popup
 * reads the page's tables, the person ticks one and saves it, and the dashboard lists its rows.
 * Saving it again adds nothing. The tests run in order and build on each other's saved records.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { readDashboard, waitForSaveButton } from '../../tools/chromium';
import { otherSitePages } from '../../demo/server';
import { extensionMessage, findPage, useE2E } from './helpers';

/** The demo's page of a clinic no scraper knows (demo/other-sites/, also in `npm start`). */
const CLINIC = [...otherSitePages().keys()].find((url) => url.includes('exemple-clinique'))!;
const RESULTS = 'Bilan sanguin du 12 mars 2024';
const HOSTILE = 'Commentaire <img src=x onerror="document.title=\'pwned\'">';

interface Result {
  status: string | null;
  added: string | null;
  unchanged: string | null;
  invalid: string | null;
}

describe('saving the tables of a page no scraper knows', () => {
  const harness = useE2E({ server: { otherSites: true } });

  /** Clicks the extension's toolbar button on `page` and returns the popup it opens. */
  async function openPopup(page: Page): Promise<Page> {
    const { browser, extensionId } = harness();
    await page.bringToFront();
    const extension = (await browser.extensions()).get(extensionId);
    if (!extension) throw new Error(`Extension ${extensionId} is not loaded`);
    const popupUrl = `chrome-extension://${extensionId}/popup.html`;
    const opened = browser.waitForTarget((target) => target.url() === popupUrl, { timeout: 10_000 });
    await page.triggerExtensionAction(extension);
    const popup = await (await opened).asPage();
    await popup.waitForSelector('[data-testid="page-status"]:not([data-state="asking"])');
    return popup;
  }

  /** Asks the popup to read the page's tables; the names of those it lists. */
  async function readTables(popup: Page): Promise<string[]> {
    await (await popup.waitForSelector('[data-testid="tables-read"]'))!.click();
    await popup.waitForSelector('[data-testid="table-choice"], [data-testid="tables-message"]');
    return popup.$$eval('[data-testid="table-name"]', (names) => names.map((name) => name.textContent ?? ''));
  }

  /** Ticks the table named `name` with the keyboard, saves, and waits for the result. */
  async function saveTable(popup: Page, name: string): Promise<Result> {
    const boxes = await popup.$$('[data-testid="table-choice"] input[type="checkbox"]');
    const names = await popup.$$eval('[data-testid="table-name"]', (all) => all.map((n) => n.textContent));
    const box = boxes[names.indexOf(name)];
    if (!box) throw new Error(`No table « ${name} » in the popup (${names.join(', ')})`);
    await box.focus();
    await popup.keyboard.press('Space');
    expect(await box.evaluate((input) => (input as HTMLInputElement).checked)).toBe(true);
    await popup.click('[data-testid="tables-save"]');
    const result = await popup.waitForSelector('[data-testid="capture-result"][data-status]');
    return result!.evaluate((element) => ({
      status: element.getAttribute('data-status'),
      added: element.getAttribute('data-added'),
      unchanged: element.getAttribute('data-unchanged'),
      invalid: element.getAttribute('data-invalid'),
    }));
  }

  it('lists the page’s data tables, names and previews as text, and saves the one chosen', async () => {
    const page = await harness().openPage(CLINIC);
    const popup = await openPopup(page);
    expect(await popup.$eval('[data-testid="page-status"]', (el) => el.getAttribute('data-state'))).toBe(
      'none',
    );
    // The layout table, the table without rows and the hidden copy for small screens are not
    // offered; the folded-away table is, marked as hidden on the page.
    expect(await readTables(popup)).toEqual([RESULTS, 'Prochains rendez-vous', 'Anciens bilans']);
    const hidden = await popup.$$eval('[data-testid="table-choice"]', (choices) =>
      choices.map((choice) => choice.querySelector('[data-testid="table-hidden"]') !== null),
    );
    expect(hidden).toEqual([false, false, true]);
    const preview = await popup.$$eval('[data-testid="table-choice"]:first-child tbody td', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(preview).toContain(HOSTILE);
    expect(preview).toContain('Glycémie à jeun');
    expect(await popup.$('img')).toBeNull();

    expect(await saveTable(popup, RESULTS)).toEqual({
      status: 'ok',
      added: '3',
      unchanged: '0',
      invalid: '0',
    });
    await popup.close();
  });

  it('shows the saved rows in the dashboard, under « Tableaux de pages web »', async () => {
    const dashboard = await harness().openPage(harness().dashboardUrl);
    const state = await readDashboard(dashboard);
    expect(state.count).toBe(3);
    expect(state.rows.every((row) => row.kind === 'table-row')).toBe(true);
    const label = extensionMessage(harness().uiLanguage, 'genericSourceLabel');
    for (const cells of [
      ['Hémoglobine', '13,8', 'g/dL', '12,0 – 16,0'],
      ['Glycémie à jeun', '1,12', 'g/L', '0,70 – 1,10'],
      [HOSTILE, 'voir compte rendu', '-'],
    ]) {
      const row = state.rows.find((candidate) => candidate.text.includes(cells[0]!));
      expect(row?.text, cells[0]).toContain(RESULTS);
      expect(row?.text).toContain(cells.join(' · '));
      expect(row?.text).toContain(label);
    }
    expect(await dashboard.$('main img')).toBeNull();
  });

  it('adds nothing when the same table is saved again', async () => {
    const page = await harness().openPage(CLINIC);
    const popup = await openPopup(page);
    await readTables(popup);
    expect(await saveTable(popup, RESULTS)).toEqual({
      status: 'ok',
      added: '0',
      unchanged: '3',
      invalid: '0',
    });
    await popup.close();
    const state = await readDashboard(await harness().openPage(harness().dashboardUrl));
    expect(state.count).toBe(3);
  });

  it('says so on a page the browser does not let it read', async () => {
    const page = await harness().openPage('chrome://version/');
    const popup = await openPopup(page);
    await readTables(popup);
    expect(await popup.$eval('[data-testid="tables-message"]', (el) => el.textContent)).toBe(
      extensionMessage(harness().uiLanguage, 'tablesUnreadable'),
    );
    await popup.close();
  });

  it('does not offer the tables on a supported portal’s page', async () => {
    const ameli = findPage('ameli', (page) => page.saveAll !== undefined);
    const page = await harness().openPage(ameli.url);
    expect(await waitForSaveButton(page, 10_000)).not.toBeNull();
    const popup = await openPopup(page);
    expect(await popup.$eval('[data-testid="page-status"]', (el) => el.getAttribute('data-state'))).toBe(
      'ready',
    );
    expect(await popup.$('[data-testid="tables-read"]')).toBeNull();
    await popup.close();
  });

  it('made no request of its own: the extension’s pages and worker only loaded their own files', () => {
    const requests = harness().network.requests;
    expect(requests.some((request) => request.url.endsWith('/popup.html'))).toBe(true);
    // data: and blob: are drawn in the page itself (Chromium's own icons of date fields).
    const local = (url: URL) =>
      (url.protocol === 'chrome-extension:' && url.host === harness().extensionId) ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:';
    const outside = requests.filter((request) => !local(new URL(request.url)));
    expect(outside).toEqual([]);
  });
});

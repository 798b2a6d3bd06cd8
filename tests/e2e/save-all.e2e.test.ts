/**
 * "Tout enregistrer" on the ameli history: one click on page 1 saves the three pages, following
 * the "Page suivante" links in the session, with progress and one summary.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { readDashboard } from '../../tools/chromium';
import { expectedRecords, findPage, useE2E } from './helpers';

const SAVE_ALL = 'pierce/[data-testid="save-all"]';

const history = [1, 2, 3].map((n) => findPage('ameli', (page) => page.pagination?.page === n));
const total = history.reduce((sum, page) => sum + expectedRecords(page).length, 0);

async function saveAll(page: Page) {
  // The dashboard may have been opened in front of it: a person would come back to the tab.
  await page.bringToFront();
  const button = await page.waitForSelector(SAVE_ALL, { timeout: 10_000 });
  // Close the summary of an earlier run (as a person would) so the next one is waited for.
  await page.evaluate(() => {
    const root = document.querySelector('mes-donnees-sante')?.shadowRoot;
    root
      ?.querySelector<HTMLButtonElement>('[data-testid="save-all-result"] .actions button:last-child')
      ?.click();
  });
  await button!.click();
  // Polled: a waitForSelector that pierces shadow roots is not woken by changes inside them.
  const result = await page.waitForFunction(
    () =>
      document
        .querySelector('mes-donnees-sante')
        ?.shadowRoot?.querySelector('[data-testid="save-all-result"]') ?? false,
    { polling: 100, timeout: 30_000 },
  );
  return (result as ElementHandle<Element>).evaluate((element) => ({
    stop: element.getAttribute('data-stop'),
    pages: Number(element.getAttribute('data-pages')),
    added: Number(element.getAttribute('data-added')),
    unchanged: Number(element.getAttribute('data-unchanged')),
    invalid: Number(element.getAttribute('data-invalid')),
    text: (element.textContent ?? '').replace(/\s+/g, ' '),
  }));
}

describe('Tout enregistrer', () => {
  const harness = useE2E();

  it('is offered on a page with a next page, and not on the last one', async () => {
    const last = await harness().openPage(history[2]!.url);
    await last.waitForSelector('pierce/[data-testid="save-my-data"]', { timeout: 10_000 });
    expect(await last.$(SAVE_ALL)).toBeNull();
  });

  it('saves the whole history in one click, then adds nothing the second time', async () => {
    const page = await harness().openPage(history[0]!.url);
    const first = await saveAll(page);
    expect(first).toMatchObject({ stop: 'last-page', pages: 3, added: total, invalid: 0 });
    const dashboard = await readDashboard(await harness().openPage(harness().dashboardUrl));
    expect(dashboard.count).toBe(total);

    const again = await saveAll(page);
    expect(again).toMatchObject({ stop: 'last-page', pages: 3, added: 0, unchanged: total });
  });
});

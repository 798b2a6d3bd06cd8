/**
 * Page text carrying markup and script is data: saved as text, shown as text in the page's
 * result, the popup and every view of the dashboard, never run. Any dialog or payload element
 * fails the test.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { saveAndWait, waitForSaveButton } from '../../tools/chromium';
import { ameliAsShown, findPage, useE2E } from './helpers';
import { injected } from './inspect';

const PAYLOADS = [
  '<img src=x onerror="alert(1)">',
  '<script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  "javascript:alert('4')",
];
const VIEWS = ['#/apercu', '#/chronologie', '#/depenses', '#/analyses', '#/documents', '#/reglages'];

describe('injection', () => {
  const harness = useE2E();

  it('keeps markup and script in page text as text, everywhere', async () => {
    const dialogs: string[] = [];
    const watch = (page: Page) =>
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    const portal = await harness().openPage(findPage('ameli', (page) => page.saveAll !== undefined).url);
    watch(portal);
    const button = await waitForSaveButton(portal, 10_000);
    await ameliAsShown(portal);
    // The portal's own inline scripts are there before us: only new ones count.
    const ownScripts = await injected(portal);
    // The portal shows the payloads as text in every field the scraper reads.
    await portal.evaluate((payloads) => {
      const set = (selector: string, offset: number) =>
        document.querySelectorAll(selector).forEach((element, i) => {
          element.textContent = payloads[(i + offset) % payloads.length] ?? '';
        });
      set('.naturePrestation', 0);
      set('.professionnel', 1);
      set('[id^=nomBeneficiaire]', 2);
    }, PAYLOADS);
    const result = await saveAndWait(button!);
    expect(result.status).toBe('ok');
    expect(result.added).toBeGreaterThan(0);
    expect(await injected(portal)).toBe(ownScripts);

    const dashboard = await harness().openPage(harness().dashboardUrl);
    watch(dashboard);
    for (const view of VIEWS) {
      await dashboard.evaluate((hash) => (location.hash = hash), view);
      await dashboard.waitForSelector('main[data-view]', { timeout: 15_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await injected(dashboard), view).toBe(0);
    }
    // The timeline shows the payloads, as text.
    await dashboard.evaluate(() => (location.hash = '#/chronologie'));
    await dashboard.waitForFunction(() => document.body.innerText.includes('<img src=x'), {
      timeout: 15_000,
    });

    const popup = await harness().openPage(`chrome-extension://${harness().extensionId}/popup.html`);
    watch(popup);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await injected(popup)).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

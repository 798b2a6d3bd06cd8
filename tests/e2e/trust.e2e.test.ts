/**
 * What a portal page cannot do to the archive, and what many saves at once cannot do to it.
 */
import { describe, expect, it } from 'vitest';
import { readDashboard, saveAndWait, SAVE_BUTTON, waitForSaveButton } from '../../tools/chromium';
import { expectedRecords, findPage, useE2E } from './helpers';

const history = [1, 2, 3].map((n) => findPage('ameli', (page) => page.pagination?.page === n));
const spa = findPage('ameli', (page) => page.spa);

describe('trust', () => {
  const harness = useE2E();

  it('lets no script of the page start a save or reach the extension', async () => {
    const page = await harness().openPage(history[0]!.url);
    await waitForSaveButton(page, 10_000);
    const reach = await page.evaluate(async (extensionId) => {
      // The page's own scripts find the open shadow root and click: an untrusted event.
      const root = document.querySelector('mes-donnees-sante')?.shadowRoot;
      root?.querySelector<HTMLButtonElement>('[data-testid="save-my-data"]')?.click();
      root
        ?.querySelector<HTMLButtonElement>('[data-testid="save-my-data"]')
        ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      window.postMessage({ type: 'capture/save' }, '*');
      const runtime = (window as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      let messaged = false;
      if (typeof runtime?.sendMessage === 'function') {
        try {
          (runtime.sendMessage as (id: string, m: unknown) => void)(extensionId, { type: 'dashboard/open' });
          messaged = true;
        } catch {
          messaged = false;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return { result: root?.querySelector('[data-testid="capture-result"]') !== null, messaged };
    }, harness().extensionId);
    expect(reach).toEqual({ result: false, messaged: false });
    const dashboard = await readDashboard(await harness().openPage(harness().dashboardUrl));
    expect(dashboard.count).toBe(0);
  });

  it('loses and duplicates nothing when five tabs save at once', async () => {
    const urls = [history[0]!.url, history[1]!.url, history[2]!.url, spa.url, history[0]!.url];
    const pages = await Promise.all(urls.map((url) => harness().openPage(url)));
    const buttons = await Promise.all(
      pages.map((page) => page.waitForSelector(SAVE_BUTTON, { timeout: 10_000 })),
    );
    // One click per tab, in quick succession (a tab must be in front to take a click); the saves
    // then run side by side in the five tabs and the one background.
    let clicks = Promise.resolve();
    const results = await Promise.all(
      buttons.map((button, i) =>
        saveAndWait(button!, () => {
          clicks = clicks.then(async () => {
            await pages[i]!.bringToFront();
            await button!.click();
          });
          return clicks;
        }),
      ),
    );
    expect(results.every((result) => result.status === 'ok')).toBe(true);
    const distinct = [...history, spa].reduce((sum, page) => sum + expectedRecords(page).length, 0);
    const added = results.reduce((sum, result) => sum + (result.added ?? 0), 0);
    expect(added).toBe(distinct);
    const dashboard = await readDashboard(await harness().openPage(harness().dashboardUrl));
    expect(dashboard.count).toBe(distinct);
    expect(new Set(dashboard.rows.map((row) => row.id)).size).toBe(dashboard.rows.length);
  });
});

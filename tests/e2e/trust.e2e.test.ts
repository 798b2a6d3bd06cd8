/**
 * What a portal page cannot do to the archive, and what many saves at once cannot do to it.
 */
import { describe, expect, it } from 'vitest';
import { buttonRoot, waitForButtonUi } from '../../tools/button-root';
import { readDashboard, saveAndWait, SAVE_BUTTON, waitForSaveButton } from '../../tools/chromium';
import { expectedRecords, findPage, useE2E } from './helpers';

const ameli = findPage('ameli', (page) => page.saveAll !== undefined);
/** Five tabs: the live ameli page (its requests in the session), and static portal pages. */
const tabs = [
  ameli,
  findPage('labo', (page) => page.expected === 'labo/compte-rendu.expected.json'),
  findPage('hopital', (page) => page.expected === 'hopital/rendez-vous.expected.json'),
  findPage('labo', (page) => page.expected === 'labo/mes-comptes-rendus.expected.json'),
  ameli,
];

describe('trust', () => {
  const harness = useE2E();

  it('lets no script of the page start a save or reach the extension', async () => {
    const page = await harness().openPage(ameli.url);
    await waitForSaveButton(page, 10_000);
    // Even a script that got hold of the closed root (as developer tools do) only makes untrusted
    // events: the button ignores them.
    const root = (await buttonRoot(page))!;
    await root.evaluate((node) => {
      const button = node.querySelector<HTMLButtonElement>('[data-testid="save-my-data"]');
      button?.click();
      button?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    const reach = await page.evaluate(async (extensionId) => {
      // The page's own scripts cannot even find the button's shadow root.
      const hidden = document.querySelector('mes-donnees-sante')?.shadowRoot ?? null;
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
      return { root: hidden !== null, messaged };
    }, harness().extensionId);
    expect(reach).toEqual({ root: false, messaged: false });
    expect(await root.evaluate((node) => node.querySelector('[data-testid="capture-result"]') !== null)).toBe(
      false,
    );
    const dashboard = await readDashboard(await harness().openPage(harness().dashboardUrl));
    expect(dashboard.count).toBe(0);
  });

  it('loses and duplicates nothing when five tabs save at once', async () => {
    const urls = tabs.map((page) => page.url);
    const pages = await Promise.all(urls.map((url) => harness().openPage(url)));
    const buttons = await Promise.all(pages.map((page) => waitForButtonUi(page, SAVE_BUTTON, 10_000)));
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
    const distinct = [...new Set(tabs)].reduce((sum, page) => sum + expectedRecords(page).length, 0);
    const added = results.reduce((sum, result) => sum + (result.added ?? 0), 0);
    expect(added).toBe(distinct);
    const dashboard = await readDashboard(await harness().openPage(harness().dashboardUrl));
    expect(dashboard.count).toBe(distinct);
    expect(new Set(dashboard.rows.map((row) => row.id)).size).toBe(dashboard.rows.length);
  });
  it('lets no script of the page relabel, restyle, hide or remove the button', async () => {
    const page = await harness().openPage(ameli.url);
    const button = (await waitForSaveButton(page, 10_000))!;
    const label = await button.evaluate((element) => element.textContent);
    const attempts = await page.evaluate(async () => {
      const host = document.querySelector<HTMLElement>('mes-donnees-sante')!;
      let reopened = true;
      try {
        host.attachShadow({ mode: 'open' });
      } catch {
        reopened = false;
      }
      const style = document.createElement('style');
      style.textContent =
        'mes-donnees-sante { display: none !important; opacity: 0 !important; transform: scale(0) !important }';
      document.head.append(style);
      host.hidden = true;
      host.setAttribute('inert', '');
      host.setAttribute('aria-hidden', 'true');
      host.style.setProperty('display', 'none', 'important');
      host.remove();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = document.querySelector<HTMLElement>('mes-donnees-sante');
      return {
        reopened,
        back: again?.parentNode === document.documentElement,
        attributes: again?.getAttributeNames() ?? [],
      };
    });
    expect(attempts).toEqual({ reopened: false, back: true, attributes: ['style'] });
    const shown = (await waitForSaveButton(page, 5_000))!;
    expect(await shown.evaluate((element) => element.textContent)).toBe(label);
    expect(
      await shown.evaluate((element) => (element as HTMLElement).checkVisibility({ opacityProperty: true })),
    ).toBe(true);
    expect((await shown.boundingBox())?.width).toBeGreaterThan(20);
    // And a person's click still saves.
    const result = await saveAndWait(shown);
    expect(result.status).toBe('ok');
  });
});

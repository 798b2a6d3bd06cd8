/**
 * "Tout enregistrer" on the ameli history: one click on page 1 saves the three pages, following
 * the "Page suivante" links in the session, with progress and one summary.
 */
import { describe, expect, it } from 'vitest';
import { queryButtonUi, waitForButtonUi } from '../../tools/button-root';
import { readDashboard, SAVE_ALL, SAVE_BUTTON, saveAllAndWait as saveAll } from '../../tools/chromium';
import { expectedRecords, findPage, useE2E } from './helpers';

const history = [1, 2, 3].map((n) => findPage('ameli', (page) => page.pagination?.page === n));
const total = history.reduce((sum, page) => sum + expectedRecords(page).length, 0);

describe('Tout enregistrer', () => {
  const harness = useE2E();

  it('is offered on a page with a next page, and not on the last one', async () => {
    const last = await harness().openPage(history[2]!.url);
    await waitForButtonUi(last, SAVE_BUTTON, 10_000);
    expect(await queryButtonUi(last, SAVE_ALL)).toBeNull();
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

/**
 * Export and import in the browser with the built extension: a tester saves a few demo portal
 * pages through the button, exports the ZIP archive from the dashboard, deletes everything from
 * the settings, imports the downloaded file, reads the plan, confirms, and finds everything back —
 * the same number of records, and a document whose file still opens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDashboard, saveAndWait, waitForSaveButton } from '../../tools/chromium';
import { expectedRecords, findPage, startE2E, waitForDownload, type E2E } from './helpers';

/** Reimbursements, lab results, documents with their files, vaccinations. */
const PAGES = [
  findPage('ameli', (page) => page.expected === 'ameli/paiements.expected.json'),
  findPage('labo', (page) => page.expected === 'labo/compte-rendu.expected.json'),
  findPage('hopital', (page) => page.expected === 'hopital/documents.expected.json'),
  findPage('espace-sante', (page) => page.expected === 'espace-sante/vaccinations.expected.json'),
];
const EXPECTED = PAGES.flatMap((page) => expectedRecords(page));

let e2e: E2E;
let downloads: string;

beforeAll(async () => {
  e2e = await startE2E();
  downloads = mkdtempSync(join(tmpdir(), 'mdms-export-'));
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

async function dashboard(hash: string): Promise<Page> {
  const page = await e2e.openPage(`${e2e.dashboardUrl}${hash}`);
  await page.waitForSelector(`main[data-view="${hash.replace(/^#\//, '')}"]`, { timeout: 15_000 });
  return page;
}

async function recordCount(page: Page): Promise<number> {
  const element = await page.waitForSelector('[data-testid="record-count"]', { timeout: 10_000 });
  return Number(await element!.evaluate((e) => e.getAttribute('data-count')));
}

describe('export, delete everything, import', () => {
  let before = 0;
  let files = 0;
  let archive = '';

  it('saves a few demo portal pages through the button', async () => {
    for (const portalPage of PAGES) {
      const tab = await e2e.openPage(portalPage.url);
      const button = await waitForSaveButton(tab, 10_000);
      if (!button) throw new Error(`No save button on ${portalPage.url}`);
      const result = await saveAndWait(button);
      expect(result, `${portalPage.url}: ${result.text}`).toMatchObject({ status: 'ok', invalid: 0 });
      await tab.close();
    }
    const page = await dashboard('#/reglages');
    const contents = await page.waitForSelector('[data-testid="archive-contents"]', { timeout: 10_000 });
    before = Number(await contents!.evaluate((e) => e.getAttribute('data-records')));
    files = Number(await contents!.evaluate((e) => e.getAttribute('data-files')));
    expect(before).toBe(EXPECTED.length);
    expect(await recordCount(page)).toBe(before);
    expect(files).toBeGreaterThan(0);
  }, 180_000);

  it('exports the ZIP archive from the dashboard', async () => {
    const page = await dashboard('#/exporter');
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    // The ZIP is the form's first choice.
    expect(
      await page.$eval('input[name="export-format"][value="zip"]', (e) => (e as HTMLInputElement).checked),
    ).toBe(true);
    await page.click('[data-testid="export-submit"]');
    const done = await page.waitForSelector('[data-testid="export-done"]', { timeout: 30_000 });
    expect(await done!.evaluate((e) => e.textContent)).toContain(String(before));
    archive = await waitForDownload(downloads, '.zip');
    expect(archive).toMatch(/mes-donnees-sante-\d{4}-\d{2}-\d{2}\.zip$/);
  }, 60_000);

  it('deletes everything from the settings', async () => {
    const page = await dashboard('#/reglages');
    await page.waitForSelector('[data-testid="erase-all"]', { timeout: 10_000 });
    await page.click('[data-testid="erase-all"]');
    await page.waitForSelector('[data-testid="erase-all-confirm"]');
    await page.click('[data-testid="erase-all-yes"]');
    await page.waitForSelector('[data-testid="erased"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="record-count"][data-count="0"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="archive-contents"][data-records="0"][data-files="0"]', {
      timeout: 10_000,
    });
  });

  it('imports the downloaded file: the plan first, then everything back', async () => {
    const page = await dashboard('#/exporter');
    const input = (await page.waitForSelector(
      '[data-testid="import-file"]',
    )) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(archive);
    await page.waitForSelector('[data-testid="import-analyse"]:not([disabled])', { timeout: 10_000 });
    await page.click('[data-testid="import-analyse"]');
    const plan = await page.waitForSelector('[data-testid="import-plan"]', { timeout: 30_000 });
    // Nothing is written before the person confirms.
    expect(await recordCount(page)).toBe(0);
    const added = await plan!.$$eval('tbody tr[data-kind]', (rows) =>
      rows.map((row) => [row.getAttribute('data-kind'), Number(row.getAttribute('data-added'))] as const),
    );
    const byKind = new Map<string, number>();
    for (const record of EXPECTED) byKind.set(record.kind, (byKind.get(record.kind) ?? 0) + 1);
    expect(Object.fromEntries(added)).toEqual(Object.fromEntries(byKind));
    expect(await plan!.evaluate((e) => e.textContent)).toContain(String(files));

    await page.click('[data-testid="import-confirm"]');
    const done = await page.waitForSelector('[data-testid="import-done"]', { timeout: 30_000 });
    expect(await done!.evaluate((e) => e.textContent)).toContain(String(before));
    await page.waitForSelector(`[data-testid="record-count"][data-count="${before}"]`, { timeout: 10_000 });

    const settings = await dashboard('#/reglages');
    await settings.waitForSelector(
      `[data-testid="archive-contents"][data-records="${before}"][data-files="${files}"]`,
      { timeout: 10_000 },
    );
  }, 90_000);

  it('opens a document’s file after the import', async () => {
    const page = await dashboard('#/documents');
    await readDashboard(page);
    const opened = e2e.browser.waitForTarget(
      (target) => target.url().startsWith('blob:chrome-extension://'),
      {
        timeout: 10_000,
      },
    );
    const button = await page.waitForSelector('[data-testid="documents"] [data-testid="open-file"]', {
      timeout: 10_000,
    });
    await button!.click();
    const tab = await opened;
    expect(tab.url()).toMatch(/^blob:chrome-extension:\/\//);
    // The file opened, not the "file missing" notice.
    expect(await page.$('[data-testid="documents"] [role="alert"]')).toBeNull();
  });
});

/**
 * Every page of every simulated portal, saved through the button as a person would: the counts
 * match the page's expected records, a second save adds nothing, and the document files are
 * stored byte for byte and open from the dashboard.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { readDashboard, saveAndWait, waitForSaveButton } from '../../tools/chromium';
import { expectedRecords, portalIndex, useE2E } from './helpers';

const index = portalIndex();
const portals = index.portals.filter((portal) => portal.id !== 'ameli'); // ameli: save-ameli.harness().test.ts

async function storedFiles(page: Page): Promise<{ sha256: string; url: string; size: number }[]> {
  return page.evaluate(
    () =>
      new Promise<{ sha256: string; url: string; size: number }[]>((resolve, reject) => {
        const open = indexedDB.open('mes-donnees-sante');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('files').objectStore('files').getAll();
          request.onsuccess = () =>
            resolve(
              (request.result as { sha256: string; url: string; blob: Blob }[]).map((row) => ({
                sha256: row.sha256,
                url: row.url,
                size: row.blob.size,
              })),
            );
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

describe('saving every portal', () => {
  const harness = useE2E();

  for (const portal of portals) {
    for (const target of portal.pages) {
      it(`${portal.id}: ${target.file} saves its ${target.recordCount} records, then nothing new`, async () => {
        const count = expectedRecords(target).length;
        const page = await harness().openPage(target.url);
        const button = await waitForSaveButton(page, 10_000);
        if (!button) throw new Error(`No save button on ${target.url}`);
        const first = await saveAndWait(button);
        expect(first, first.text).toMatchObject({ status: 'ok', found: count, invalid: 0 });
        expect((first.added ?? 0) + (first.updated ?? 0) + (first.unchanged ?? 0)).toBe(count);
        const second = await saveAndWait(button);
        expect(second, second.text).toMatchObject({ status: 'ok', found: count, added: 0, updated: 0 });
      });
    }
  }

  it('stored every document file of those pages, byte for byte', async () => {
    const dashboard = await harness().openPage(harness().dashboardUrl);
    const stored = await storedFiles(dashboard);
    const bySha = new Map(stored.map((file) => [file.sha256, file]));
    // The files behind the pages' document records (other links, such as a statement linked
    // from a reimbursement row, are not documents of the record model).
    const documentUrls = new Set(
      portals
        .flatMap((portal) => portal.pages.flatMap((page) => expectedRecords(page)))
        .flatMap((record) => (record.kind === 'document' && record.url ? [record.url] : [])),
    );
    const linked = portals.flatMap((portal) => portal.files).filter((file) => documentUrls.has(file.url));
    expect(linked.length).toBeGreaterThan(20);
    for (const file of linked) {
      expect(bySha.get(file.sha256)?.size, file.url).toBe(file.bytes);
    }
  });

  it('opens a stored PDF from the dashboard', async () => {
    // The documents view lists every document with its file (the timeline draws only the rows in view).
    const dashboard = await harness().openPage(`${harness().dashboardUrl}#/documents`);
    await readDashboard(dashboard);
    // The list is read after the counts: wait for its rows, not only for the page.
    await dashboard.waitForSelector(
      '[data-testid="record-row"][data-kind="document"] [data-testid="open-file"]',
      {
        timeout: 10_000,
      },
    );
    const opened = harness().browser.waitForTarget(
      (target) => target.url().startsWith('blob:chrome-extension://'),
      {
        timeout: 10_000,
      },
    );
    const pdfRow = await dashboard.$$('[data-testid="record-row"][data-kind="document"]');
    let clicked = false;
    for (const row of pdfRow) {
      const button = await row.$('[data-testid="open-file"]');
      const text = await row.evaluate((element) => element.textContent ?? '');
      if (button && !/detail/i.test(text)) {
        await button.click();
        clicked = true;
        break;
      }
    }
    expect(clicked).toBe(true);
    const tab = await opened;
    expect(tab.url()).toMatch(/^blob:chrome-extension:\/\//);
  });
});

/**
 * Documents read into records, end to end: a lab report in CDA saved from the simulated Mon
 * espace santé is read when the dashboard opens and its results, with their ranges, are in
 * Analyses under the portal's name; a document the person brings is read from « Importer un
 * document »; one that cannot be read is kept with the reason; a portal's whole record export (an
 * IHE XDM ZIP) is read document by document. The tests build on each other.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { saveAndWait, waitForSaveButton } from '../../tools/chromium';
import { xdmPackage } from '../../tools/xdm-package';
import { findPage, useE2E } from './helpers';

const documentsPage = findPage('espace-sante', (page) => page.pageType === 'documents');
const FIXTURES = join(import.meta.dirname, '../../scrapers/cda/fixtures');
const PDF_FIXTURES = join(import.meta.dirname, '../../scrapers/pdf-labo/fixtures');

async function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());
}

describe('documents read into records', () => {
  const harness = useE2E();

  it('reads the lab report saved from Mon espace santé, and shows its results with their ranges', async () => {
    const portal = await harness().openPage(documentsPage.url);
    const button = await waitForSaveButton(portal, 10_000);
    if (!button) throw new Error('no save button on Mon espace santé');
    const saved = await saveAndWait(button);
    expect(saved, saved.text).toMatchObject({ status: 'ok' });

    const dashboard = await harness().openPage(`${harness().dashboardUrl}#/analyses`);
    await dashboard.waitForSelector('[data-testid="document-reading-done"]', { timeout: 20_000 });
    expect(await text(dashboard, '[data-testid="document-outcomes"] li[data-status="read"]')).toContain(
      'Compte rendu de biologie médicale',
    );

    // The results are the portal's, under its name, with the ranges the document gives.
    await dashboard.waitForSelector('[data-testid="analyte-row"]', { timeout: 15_000 });
    const rows = await dashboard.$$eval('[data-testid="analyte-row"]', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (cell) => (cell.textContent ?? '').trim())),
    );
    const haemoglobin = rows.find((cells) => cells[0]?.startsWith('Hémoglobine'));
    expect(haemoglobin, JSON.stringify(rows)).toBeDefined();
    expect(haemoglobin!.join(' | ')).toMatch(/13,4/);
    expect(haemoglobin!.join(' | ')).toMatch(/11,5\s*–\s*15,5/);
    const glucose = rows.filter((cells) => cells[0]?.startsWith('Glycémie à jeun'));
    expect(glucose).toHaveLength(2); // one result, in two units
    expect(rows.length).toBeGreaterThanOrEqual(12);

    // Opening the dashboard again reads nothing again.
    const again = await harness().openPage(`${harness().dashboardUrl}#/analyses`);
    await again.waitForSelector('[data-testid="analyte-row"]', { timeout: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await again.$('[data-testid="document-reading"]')).toBeNull();
  });

  it('reads a summary the person brings, and keeps a document it cannot read with the reason', async () => {
    const page = await harness().openPage(`${harness().dashboardUrl}#/documents`);
    const input = await page.waitForSelector('input[data-testid="import-documents-file"]', {
      timeout: 15_000,
    });
    await input!.uploadFile(
      join(FIXTURES, 'synthese-medicale.xml'),
      join(FIXTURES, 'plusieurs-patients.xml'),
    );
    await page.waitForSelector('[data-testid="import-documents-done"]', { timeout: 20_000 });
    const outcomes = await page.$$eval('[data-testid="document-outcomes"] > li', (items) =>
      items.map((li) => ({
        status: li.getAttribute('data-status'),
        text: (li.textContent ?? '').replace(/\s+/g, ' '),
      })),
    );
    expect(outcomes).toEqual([
      { status: 'read', text: expect.stringContaining('Volet de synthèse médicale') },
      { status: 'unreadable', text: expect.stringContaining('2 patients') },
    ]);
    // The focus lands on the outcome, for keyboard and screen reader users.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'import-documents-done',
    );
    // Both files are in Documents: the summary by its title, the unread one by its file name.
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="record-row"][data-kind="document"]')).some(
          (row) => row.textContent?.includes('plusieurs-patients.xml'),
        ),
      { timeout: 15_000 },
    );
    const titles = await page.$$eval('[data-testid="record-row"][data-kind="document"]', (trs) =>
      trs.map((tr) => tr.textContent ?? ''),
    );
    expect(titles.some((title) => title.includes('Volet de synthèse médicale'))).toBe(true);
  });

  it('reads a PDF lab report the person drops, with pdf.js from the extension itself', async () => {
    const before = harness().network.requests.length;
    const page = await harness().openPage(`${harness().dashboardUrl}#/documents`);
    const input = await page.waitForSelector('input[data-testid="import-documents-file"]', {
      timeout: 15_000,
    });
    await input!.uploadFile(join(PDF_FIXTURES, 'une-colonne-anteriorites.pdf'));
    await page.waitForSelector('[data-testid="import-documents-done"]', { timeout: 30_000 });
    expect(await text(page, '[data-testid="document-outcomes"] li[data-status="read"]')).toMatch(
      /Compte rendu d'analyses du 11\/06\/2025 — 15 élément/,
    );
    // pdf.js and its worker come from the extension: no request left it.
    const outside = harness()
      .network.requests.slice(before)
      .filter((request) => !/^(chrome-extension|blob|data):/.test(request.url));
    expect(outside.map((request) => request.url)).toEqual([]);

    await page.evaluate(() => (location.hash = '#/analyses'));
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="analyte-row"]')).some((row) =>
          row.textContent?.includes('MARCHETTI'),
        ),
      { timeout: 15_000 },
    );
    const ferritin = await page.$$eval('[data-testid="analyte-row"]', (rows) =>
      rows
        .map((row) => (row.textContent ?? '').replace(/\s+/g, ' '))
        .find((row) => row.includes('Ferritine') && row.includes('MARCHETTI')),
    );
    expect(ferritin, ferritin).toMatch(/9 .*µg\/L/);
    expect(ferritin).toMatch(/15 – 150/);
  });

  it('reads a portal’s record export (IHE XDM ZIP) document by document, and refuses a zip bomb', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'xdm-'));
    const exported = join(folder, 'MyChart-export.zip');
    writeFileSync(
      exported,
      xdmPackage(
        [
          {
            name: 'DOC0001.XML',
            bytes: readFileSync(join(FIXTURES, 'resume-mychart.xml')),
            mimeType: 'text/xml',
          },
        ],
        { extraUris: ['DOC0002.XML'] },
      ),
    );
    const bomb = join(folder, 'bombe.zip');
    writeFileSync(bomb, zipSync({ IHE_XDM: { SUBSET01: { 'DOC0001.XML': new Uint8Array(8 << 20) } } }));
    const before = harness().network.requests.length;
    const page = await harness().openPage(`${harness().dashboardUrl}#/documents`);
    const input = await page.waitForSelector('input[data-testid="import-documents-file"]', {
      timeout: 15_000,
    });
    await input!.uploadFile(exported, bomb);
    await page.waitForSelector('[data-testid="import-documents-done"]', { timeout: 20_000 });
    const outcomes = await page.$$eval('[data-testid="document-outcomes"] > li', (items) =>
      items.map((li) => ({
        status: li.getAttribute('data-status'),
        text: (li.textContent ?? '').replace(/\s+/g, ' '),
      })),
    );
    expect(outcomes).toEqual([
      {
        status: 'unreadable',
        text: expect.stringContaining('DOC0002.XML : annoncé par le paquet mais absent'),
      },
      { status: 'read', text: expect.stringContaining('Summary of care') },
      { status: 'unreadable', text: expect.stringContaining('fichier piégé') },
    ]);
    const outside = harness()
      .network.requests.slice(before)
      .filter((request) => !/^(chrome-extension|blob|data):/.test(request.url));
    expect(outside.map((request) => request.url)).toEqual([]);

    // Its results, treatments and allergies are in their views.
    await page.evaluate(() => (location.hash = '#/analyses'));
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="analyte-row"]')).some((row) =>
          row.textContent?.includes('WHITFIELD'),
        ),
      { timeout: 15_000 },
    );
  });
});

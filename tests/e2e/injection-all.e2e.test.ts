/**
 * Markup, script and spreadsheet formulas in every text field of every kind of record are data,
 * from the page to every export. Each demo portal page is served as a hostile variant (a payload
 * in front of every text the scraper reads, tests/trust/hostile-pages.ts) and saved with the
 * button; the kinds no page gives (and every field a page cannot hold: codes, LOINC, URLs, table
 * cells, captures) come in through the import of a hostile archive. Then the page's result, the
 * popup, every dashboard view (for everyone and for one person) and each kind's record page show
 * them as text, and the ZIP, JSON, CSV, FHIR and encrypted exports carry them intact as strings,
 * the CSV with every formula neutralised. Any dialog, or any element a payload would have made,
 * fails the test.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTALS_DIR, escapeHtml } from '../../demo/server';
import { decryptBlob } from '../../storage/archive/crypto';
import { csvColumns } from '../../storage/archive/csv';
import type { RecordKind, StoredRecord } from '../../storage/schemas';
import { saveAndWait, waitForSaveButton } from '../../tools/chromium';
import { hostileArchive, hostileRecords, refusedArchive } from '../trust/hostile-archive';
import {
  carriesPayload,
  filledTextFields,
  FORMULA_PAYLOADS,
  hostileCases,
  hostilePage,
  JAVASCRIPT_URL,
  MARKUP_PAYLOADS,
  PAYLOADS,
  textFields,
} from '../trust/hostile-pages';

import { findPage, startE2E, type E2E } from './helpers';
import { injected, parseCsv, strings } from './inspect';

const CASES = hostileCases();
/** A lab report whose collection date is a payload: the reader says so, quoting it. */
const BROKEN = findPage('labo', (page) => page.spa && page.pageType === 'lab-report');
const BROKEN_PAYLOAD = MARKUP_PAYLOADS[0];
const IMPORTED = hostileRecords();

function hostilePages(): Map<string, string> {
  const pages = new Map<string, string>();
  CASES.forEach((page, i) => {
    const html = readFileSync(join(DEFAULT_PORTALS_DIR, page.file), 'utf8');
    pages.set(page.url, hostilePage(html, page.url, page.records, { javascriptLink: true, offset: i }));
  });
  const report = readFileSync(join(DEFAULT_PORTALS_DIR, 'labo/compte-rendu.html'), 'utf8');
  pages.set(BROKEN.url, report.replace('05/03/2024 à 08h12', escapeHtml(BROKEN_PAYLOAD)));
  return pages;
}

let e2e: E2E;
let downloads: string;
const dialogs: string[] = [];

beforeAll(async () => {
  e2e = await startE2E({ server: { extraPages: hostilePages() } });
  downloads = mkdtempSync(join(tmpdir(), 'mdms-injection-'));
  // Every tab, from its creation: a dialog opened by any of them fails the test.
  e2e.browser.on('targetcreated', (target) => {
    void target.page().then((page) =>
      page?.on('dialog', (dialog) => {
        dialogs.push(`${page.url()}: ${dialog.message()}`);
        void dialog.dismiss();
      }),
    );
  });
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

async function dashboard(hash = '#/apercu'): Promise<Page> {
  const page = await e2e.openPage(`${e2e.dashboardUrl}${hash}`);
  await page.waitForSelector('main[data-view]', { timeout: 15_000 });
  return page;
}

/** Goes to a view and waits until it has read what it shows. */
async function show(page: Page, hash: string): Promise<string> {
  await page.evaluate((h) => (location.hash = h), hash);
  const view = hash.replace(/^#\//, '').split('?')[0]!;
  await page.waitForSelector(`main[data-view="${view}"]`, { timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, {
    timeout: 15_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 250));
  return page.evaluate(() => document.body.innerText);
}

async function download(page: Page, format: string, suffix: string): Promise<string> {
  const before = new Set(readdirSync(downloads));
  await page.click(`input[name="export-format"][value="${format}"]`);
  await page.click('[data-testid="export-submit"]');
  await page.waitForFunction(
    (end) => document.querySelector('[data-testid="export-done"]')?.textContent?.includes(end) ?? false,
    { timeout: 30_000 },
    suffix,
  );
  for (let i = 0; i < 150; i++) {
    const done = readdirSync(downloads).filter((name) => !before.has(name) && name.endsWith(suffix));
    if (done.length > 0) return join(downloads, done[0]!);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${suffix} downloaded`);
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe('injection in every field of every kind', () => {
  let archive: { records: StoredRecord[]; captures: unknown[] };

  it('saves every hostile portal page; the page shows the result as text', async () => {
    for (const { url } of CASES) {
      const page = await e2e.openPage(url);
      const button = await waitForSaveButton(page, 10_000);
      if (!button) throw new Error(`No save button on the hostile ${url}`);
      // The portal's own inline scripts are there before us: only new elements count.
      const own = await injected(page);
      await page.bringToFront();
      const result = await saveAndWait(button);
      expect(result, `${url}: ${result.text}`).toMatchObject({ status: 'ok', invalid: 0 });
      expect(result.added, url).toBeGreaterThan(0);
      expect(await injected(page), url).toBe(own);
      await page.close();
    }
    // A page the reader cannot use says why, quoting the page: as text.
    const page = await e2e.openPage(BROKEN.url);
    const button = await waitForSaveButton(page, 10_000);
    const own = await injected(page);
    await page.bringToFront();
    const result = await saveAndWait(button!);
    expect(result.status).toBe('broken');
    expect(result.text).toContain(BROKEN_PAYLOAD);
    expect(await injected(page)).toBe(own);
  }, 120_000);

  it('imports a hostile archive of every kind, and refuses one with a javascript: address', async () => {
    const page = await dashboard('#/exporter');
    const accepted = join(downloads, 'hostile-archive.json');
    const refused = join(downloads, 'refused-archive.json');
    writeFileSync(accepted, hostileArchive());
    writeFileSync(refused, refusedArchive());
    const input = (await page.waitForSelector(
      '[data-testid="import-file"]',
    )) as ElementHandle<HTMLInputElement>;
    const count = () =>
      page.$eval('[data-testid="record-count"]', (e) => Number(e.getAttribute('data-count')));
    const before = await count();

    await input.uploadFile(refused);
    await page.waitForSelector('[data-testid="import-analyse"]:not([disabled])', { timeout: 10_000 });
    await page.click('[data-testid="import-analyse"]');
    const error = await page.waitForSelector('[data-testid="import-error"]', { timeout: 30_000 });
    expect(await error!.evaluate((e) => e.textContent)).toContain('sourceUrl');
    expect(await injected(page)).toBe(0);
    expect(await count()).toBe(before);

    await input.uploadFile(accepted);
    await page.waitForSelector('[data-testid="import-analyse"]:not([disabled])', { timeout: 10_000 });
    await page.click('[data-testid="import-analyse"]');
    await page.waitForSelector('[data-testid="import-plan"]', { timeout: 30_000 });
    expect(await injected(page)).toBe(0);
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 30_000 });
    await page.waitForSelector(`[data-testid="record-count"][data-count="${before + IMPORTED.length}"]`, {
      timeout: 10_000,
    });
    expect(await injected(page)).toBe(0);
  }, 60_000);

  it('shows every view, for everyone and for one person, as text', async () => {
    const page = await dashboard();
    const views = await page.$$eval('nav a[href^="#/"]', (links) =>
      links.map((link) => link.getAttribute('href')!.split('?')[0]!),
    );
    expect(views.length).toBeGreaterThanOrEqual(10);
    const persons = await page.$$eval('[data-testid="person-select"] option', (options) =>
      options.map((option) => ({
        key: (option as HTMLOptionElement).value,
        label: option.textContent ?? '',
      })),
    );
    const person = persons.find((p) => p.label.includes(MARKUP_PAYLOADS[1]));
    expect(person, JSON.stringify(persons)).toBeDefined();
    const shown = new Set<string>();
    for (const query of ['', `?personne=${encodeURIComponent(person!.key)}`]) {
      for (const view of views) {
        const text = await show(page, `${view}${query}`);
        expect(await injected(page), `${view}${query}`).toBe(0);
        for (const payload of PAYLOADS) if (text.includes(payload)) shown.add(payload);
      }
    }
    // Drawn as text, and each payload somewhere.
    expect([...shown].sort()).toEqual([...PAYLOADS].sort());
    // One step further where a view opens a detail: an analyte's chart, a month's acts.
    for (const [view, link] of [
      ['#/analyses', 'main a[href*="analyse="]'],
      ['#/depenses', 'main a[href*="mois="]'],
    ] as const) {
      await show(page, view);
      const href = await page.$eval(link, (a) => a.getAttribute('href')!);
      await show(page, href);
      expect(await injected(page), href).toBe(0);
    }
  }, 90_000);

  it("shows each kind's record page, every field as text", async () => {
    const page = await dashboard();
    for (const record of IMPORTED) {
      const text = await show(page, `#/fiche?id=${encodeURIComponent(record.id)}`);
      await page.waitForSelector(`[data-testid="record-detail"][data-id="${record.id}"]`, {
        timeout: 10_000,
      });
      expect(await injected(page), record.id).toBe(0);
      const values = textFields(record.kind).map(
        (field) => (record as Record<string, unknown>)[field] as string,
      );
      if (record.kind === 'table-row') values.push(...Object.entries(record.cells).flat());
      for (const value of values) expect(text, `${record.kind}: ${value}`).toContain(value);
    }
  }, 60_000);

  it('shows the popup as text', async () => {
    const popup = await e2e.openPage(`chrome-extension://${e2e.extensionId}/popup.html`);
    await popup.waitForSelector('[data-testid="capture-row"]', { timeout: 10_000 });
    expect(await injected(popup)).toBe(0);
    expect(await popup.evaluate(() => document.body.innerText)).toContain(MARKUP_PAYLOADS[0]);
  });

  it('exports: the ZIP (archive, CSV, FHIR, README), JSON, CSV, FHIR and encrypted ZIP keep the payloads as text', async () => {
    const page = await dashboard('#/exporter');
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    const zip = unzipSync(readFileSync(await download(page, 'zip', '.zip')));
    const names = Object.keys(zip);
    // The export writes no HTML of its own. files/ holds the documents as the portals sent them,
    // each listed in files.json (MyChart's documents are its result pages, text/html: the
    // dashboard downloads those rather than open them, lib/open-file.ts).
    expect(names.filter((name) => !name.startsWith('files/') && !/\.(json|csv|txt)$/.test(name))).toEqual([]);
    const manifest = JSON.parse(strFromU8(zip['files.json']!)) as { name: string; mimeType: string | null }[];
    expect(names.filter((name) => name.startsWith('files/')).sort()).toEqual(
      manifest.map((f) => f.name).sort(),
    );
    for (const file of manifest) {
      if (file.name.endsWith('.html')) expect(file.mimeType, file.name).toBe('text/html');
    }

    // JSON: it parses, the imported records come back as they were, every page field carries one.
    archive = JSON.parse(strFromU8(zip['archive.json']!)) as typeof archive;
    const json = JSON.parse(readFileSync(await download(page, 'json', '.json'), 'utf8')) as typeof archive;
    expect(json.records).toEqual(archive.records);
    const byId = new Map(archive.records.map((record) => [record.id, record]));
    for (const record of IMPORTED) expect(byId.get(record.id)).toEqual(record);
    const carrying = new Set(
      archive.records.flatMap((record) =>
        Object.entries(record)
          .filter(([, value]) => typeof value === 'string' && carriesPayload(value))
          .map(([field]) => `${record.kind}.${field}`),
      ),
    );
    const fromPages = new Set(CASES.flatMap((page) => [...filledTextFields(page.records)]));
    expect([...fromPages].filter((field) => !carrying.has(field))).toEqual([]);
    for (const record of archive.records) {
      for (const field of ['url', 'sourceUrl'] as const) {
        const value = (record as Record<string, unknown>)[field];
        if (typeof value === 'string') expect(value, record.id).toMatch(/^https:\/\//);
      }
    }
    expect(JSON.stringify(archive)).not.toContain(JAVASCRIPT_URL);

    // CSV, in the ZIP and on its own: each cell is the record's text, a formula behind a quote.
    const csvZip = unzipSync(readFileSync(await download(page, 'csv', '-csv.zip')));
    for (const [folder, files] of [
      ['csv/', zip],
      ['', csvZip],
    ] as const) {
      const kinds = new Set(archive.records.map((record) => record.kind));
      const cells: string[] = [];
      for (const kind of kinds) {
        const file = files[`${folder}${kind}.csv`];
        expect(file, `${folder}${kind}.csv`).toBeDefined();
        const [header, ...rows] = parseCsv(strFromU8(file!), ';');
        cells.push(...rows.flat());
        expect(header).toEqual(csvColumns(kind as RecordKind));
        expect(rows).toHaveLength(archive.records.filter((record) => record.kind === kind).length);
        for (const row of rows) {
          const record = byId.get(row[0]!) as Record<string, unknown> | undefined;
          expect(record, row[0]).toBeDefined();
          header!.forEach((column, i) => {
            const cell = row[i]!;
            const value = record![column];
            // Only a number may start with a minus sign: every text that could run is neutralised.
            expect(FORMULA_START.test(cell) && typeof value !== 'number', `${kind}.${column}: ${cell}`).toBe(
              false,
            );
            if (typeof value === 'string') {
              expect(cell, `${kind}.${column}`).toBe(FORMULA_START.test(value) ? `'${value}` : value);
            } else if (column === 'cells') {
              expect(JSON.parse(cell)).toEqual(value);
            }
          });
        }
      }
      // Visible as text in the cells a spreadsheet shows.
      for (const payload of PAYLOADS)
        expect(
          cells.some((cell) => cell.includes(payload)),
          payload,
        ).toBe(true);
    }

    // FHIR: JSON strings only, no narrative, every payload intact somewhere.
    for (const bundle of [
      JSON.parse(strFromU8(zip['fhir/bundle.json']!)) as unknown,
      JSON.parse(readFileSync(await download(page, 'fhir', '-fhir.json'), 'utf8')) as unknown,
    ]) {
      expect(bundle).toMatchObject({ resourceType: 'Bundle' });
      const all = strings(bundle);
      expect(all).not.toContain('div');
      for (const payload of PAYLOADS)
        expect(
          all.some((s) => s.includes(payload)),
          payload,
        ).toBe(true);
      for (const record of IMPORTED.filter((r) => r.kind !== 'table-row')) {
        const main = textFields(record.kind).find((field) => field !== 'patient')!;
        const value = (record as Record<string, unknown>)[main] as string;
        expect(
          all.some((s) => s.includes(value)),
          `${record.kind}.${main}`,
        ).toBe(true);
      }
    }

    // README: plain text about the files, quoting no record.
    const readme = strFromU8(zip['LISEZ-MOI.txt'] ?? zip['README.txt']!);
    expect(readme).toContain('archive.json');
    for (const payload of [...PAYLOADS, ...FORMULA_PAYLOADS]) expect(readme).not.toContain(payload);
    expect(readme).not.toMatch(/[<>]/);

    // The encrypted ZIP holds the same, once opened with its passphrase.
    const passphrase = 'phrase de passe <b>';
    await page.click('form.export-panel input[type="checkbox"]');
    for (const field of await page.$$('input[type="password"]')) await field.type(passphrase);
    const sealed = readFileSync(await download(page, 'zip', '.zip.enc'));
    const opened = unzipSync(
      new Uint8Array(await (await decryptBlob(new Blob([sealed]), passphrase)).arrayBuffer()),
    );
    expect(Object.keys(opened).sort()).toEqual(names.sort());
    expect((JSON.parse(strFromU8(opened['archive.json']!)) as typeof archive).records).toEqual(
      archive.records,
    );
    for (const name of names.filter((entry) => entry.startsWith('csv/'))) {
      expect(strFromU8(opened[name]!), name).toBe(strFromU8(zip[name]!));
    }
    expect(await injected(page)).toBe(0);
  }, 90_000);

  it('opened no dialog in any tab', () => {
    expect(dialogs).toEqual([]);
  });
});

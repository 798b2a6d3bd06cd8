/**
 * Export and import figures, driven through the dashboard's Export view like a person would, in
 * a tab of their own, each against a bare baseline run in the same freshly loaded view, the two
 * alternating (see capture.ts). Times are taken in Node, from the click (or the file's choice)
 * to the end the browser reports; the JS heap of the dashboard's page is sampled meanwhile.
 *
 * - export: the JSON archive of the product's database, click → download complete (DevTools'
 *   `Browser.downloadProgress`), against `getAll` + `JSON.stringify` + Blob + the same download.
 * - import: that file chosen → plan shown → confirmed → done, into an empty product database,
 *   against the file's text + `JSON.parse` + one-transaction `put` into a store with the
 *   product's key path and indexes.
 * - export scaling: the product's export of smaller archives, in ms per record.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { CDPSession, ElementHandle, Page } from 'puppeteer-core';
import { ARCHIVE_FORMAT } from '../../storage/archive/envelope';
import { dashboardUrl } from '../chromium';
import { benchArchive } from './archive-records';
import { alternate, type Repeat } from './capture';
import { firstScreen } from './dashboard';
import { sampleHeap, watchDownloads, type Download, type Downloads } from './devtools';
import { heapFigure, paired, series, type Figure, type HeapRun } from './figure';
import { watchScreen } from './in-page';
import {
  armBaselineImport,
  armExportWatch,
  armImportWatch,
  baselineImported,
  exportBaseline,
  exportSteps,
  importReached,
  importSteps,
  storeCounts,
  writeArchive,
  type ArchiveRows,
  type BaselineExport,
} from './in-page-archive';
import {
  BASELINE_DB,
  emptyBaselineDatabase,
  emptyProductDatabase,
  PRODUCT_DB,
  type Session,
} from './session';
import { median, round } from './stats';

const EXPORT_MAX_RATIO = 2;
const IMPORT_MAX_RATIO = 2;
/** Records sent to the extension page per call while filling the database. */
const FILL_CHUNK = 5_000;
const STEP_TIMEOUT_MS = 600_000;

/**
 * Recreates the product database (`emptyProductDatabase`) holding the first `count` records of
 * the bench archive, their captures and their counts, and nothing else.
 */
export async function fillProductArchive(
  session: Session,
  count: number,
): Promise<{ records: number; captures: number; ms: number }> {
  const started = Date.now();
  const archive = benchArchive(count);
  await emptyProductDatabase(session);
  for (let i = 0; i < archive.records.length; i += FILL_CHUNK) {
    const rows: ArchiveRows = {
      records: archive.records.slice(i, i + FILL_CHUNK),
      captures: i === 0 ? archive.captures : [],
      stats: i === 0 ? archive.stats : [],
    };
    await session.extensionPage.evaluate(writeArchive, PRODUCT_DB, rows);
  }
  return { records: archive.records.length, captures: archive.captures.length, ms: Date.now() - started };
}

/** The dashboard tab the figures drive, with its DevTools session and the downloads' watch. */
export interface TransferTab {
  tab: Page;
  cdp: CDPSession;
  downloads: Downloads;
  url: string;
  close(): Promise<void>;
}

export async function openTransferTab(session: Session): Promise<TransferTab> {
  const tab = await session.browser.newPage();
  await tab.evaluateOnNewDocument(watchScreen);
  const cdp = await tab.createCDPSession();
  const downloads = await watchDownloads(session.browser);
  return {
    tab,
    cdp,
    downloads,
    url: `${dashboardUrl(session.extensionId)}#/exporter`,
    close: async () => {
      await downloads.close();
      await cdp.detach().catch(() => undefined);
      await tab.close();
    },
  };
}

/** Loads the Export view afresh and waits for it to settle on `records` records. */
async function exportView(transfer: TransferTab, records: number): Promise<void> {
  await transfer.tab.goto('about:blank');
  const screen = await firstScreen(transfer.tab, transfer.url);
  if (screen.count !== records) {
    throw new Error(`the dashboard shows ${screen.count} records, ${records} are stored`);
  }
  await transfer.tab.waitForSelector('[data-testid="export-submit"]');
}

/** Reads a downloaded archive back: complete, parses, holds `records` records. */
function checkArchive(download: Download, records: number, product: boolean): void {
  const archive = JSON.parse(readFileSync(download.path, 'utf8')) as {
    format?: unknown;
    records?: unknown[];
  };
  if (product && archive.format !== ARCHIVE_FORMAT) throw new Error(`${download.filename}: not an archive`);
  if (archive.records?.length !== records) {
    throw new Error(`${download.filename}: ${archive.records?.length} records, ${records} expected`);
  }
}

interface ExportRun {
  ms: number;
  heap: HeapRun;
  download: Download;
  /** Product only: click → the panel says the file is made (page clock). */
  builtMs?: number;
}

/**
 * One export of the JSON archive through the Export view: click → download complete.
 * `ready` runs once the view is loaded, just before the click (the profile starts there).
 */
export async function productExport(
  transfer: TransferTab,
  records: number,
  ready?: () => Promise<void>,
): Promise<ExportRun> {
  await exportView(transfer, records);
  await transfer.tab.click('input[name="export-format"][value="json"]');
  await transfer.tab.evaluate(armExportWatch);
  const button = (await transfer.tab.$('[data-testid="export-submit"]')) as ElementHandle<Element>;
  const point = await button.clickablePoint();
  const heap = await sampleHeap(transfer.cdp);
  await ready?.();
  const downloaded = transfer.downloads.next(STEP_TIMEOUT_MS);
  const t0 = performance.now();
  await transfer.tab.mouse.click(point.x, point.y);
  const download = await downloaded;
  const ms = download.completedAt - t0;
  const heapRun = await heap.stop();
  await transfer.tab.waitForSelector('[data-testid="export-done"]', { timeout: 30_000 });
  const steps = await transfer.tab.evaluate(exportSteps);
  if (steps?.clickAt == null || steps.doneAt == null) throw new Error('export: click or outcome not seen');
  checkArchive(download, records, true);
  return { ms, heap: heapRun, download, builtMs: steps.doneAt - steps.clickAt };
}

async function baselineExport(
  transfer: TransferTab,
  records: number,
): Promise<ExportRun & { parts: BaselineExport }> {
  await exportView(transfer, records);
  const heap = await sampleHeap(transfer.cdp);
  const downloaded = transfer.downloads.next(STEP_TIMEOUT_MS);
  const t0 = performance.now();
  const parts = await transfer.tab.evaluate(exportBaseline, PRODUCT_DB, 'bench-baseline.json');
  const download = await downloaded;
  const ms = download.completedAt - t0;
  const heapRun = await heap.stop();
  checkArchive(download, records, false);
  rmSync(download.path, { force: true });
  return { ms, heap: heapRun, download, parts };
}

export interface ExportMeasure {
  figure: Figure;
  /** A product export of the archive, kept for the import figure; the caller removes it. */
  file: string;
  /** The product's runs, for the scaling figure. */
  runs: number[];
}

/** The export figure over the product database as it is (`records` records, filled before). */
export async function measureExport(
  transfer: TransferTab,
  records: number,
  fill: Record<string, unknown>,
  repeat: Repeat,
): Promise<ExportMeasure> {
  const product: number[] = [];
  const built: number[] = [];
  const productHeap: HeapRun[] = [];
  const baseline: number[] = [];
  const baselineHeap: HeapRun[] = [];
  const parts: Record<'read' | 'stringify' | 'blob' | 'download', number[]> = {
    read: [],
    stringify: [],
    blob: [],
    download: [],
  };
  let file = '';
  let bytes = { product: 0, baseline: 0 };
  await alternate(repeat, [
    async (measured) => {
      const run = await productExport(transfer, records);
      if (file) rmSync(file, { force: true });
      file = run.download.path;
      bytes = { ...bytes, product: run.download.bytes };
      if (!measured) return;
      product.push(run.ms);
      built.push(run.builtMs ?? Number.NaN);
      productHeap.push(run.heap);
    },
    async (measured) => {
      const run = await baselineExport(transfer, records);
      bytes = { ...bytes, baseline: run.download.bytes };
      if (!measured) return;
      baseline.push(run.ms);
      baselineHeap.push(run.heap);
      parts.read.push(run.parts.readMs);
      parts.stringify.push(run.parts.stringifyMs);
      parts.blob.push(run.parts.blobMs);
      parts.download.push(run.ms - run.parts.readMs - run.parts.stringifyMs - run.parts.blobMs);
    },
  ]);
  const figure = paired(
    {
      id: `export.json-${records}`,
      label: `export JSON archive, ${records} records`,
      unit: 'ms',
      details: {
        records,
        fill,
        bytes,
        built: series(built),
        memory: { product: heapFigure(productHeap), baseline: heapFigure(baselineHeap) },
      },
    },
    product,
    { label: 'IndexedDB getAll + JSON.stringify + Blob + download', runs: baseline, parts },
    EXPORT_MAX_RATIO,
  );
  return { figure, file, runs: product };
}

/** The product's export of the first `count` records of the bench archive, `repeat` times. */
export async function measureExportRuns(
  session: Session,
  transfer: TransferTab,
  count: number,
  repeat: Repeat,
): Promise<number[]> {
  await fillProductArchive(session, count);
  const runs: number[] = [];
  for (let run = 0; run < repeat.warmup + repeat.runs; run++) {
    const measured = await productExport(transfer, count);
    rmSync(measured.download.path, { force: true });
    if (run >= repeat.warmup) runs.push(measured.ms);
  }
  return runs;
}

/** Fills the database with `count` records and exports them once: the import figure's file. */
export async function exportedArchive(
  session: Session,
  transfer: TransferTab,
  count: number,
): Promise<string> {
  await fillProductArchive(session, count);
  return (await productExport(transfer, count)).download.path;
}

/** ms per record of the export at each size, largest against smallest, like capture scaling. */
export function exportScaling(sizes: { records: number; runs: number[] }[]): Figure {
  const perRecord = sizes.map((size) => ({ ...size, msPerRecord: median(size.runs) / size.records }));
  const smallest = perRecord[0];
  const largest = perRecord.at(-1);
  if (!smallest || !largest) throw new Error('export scaling: no size');
  const runsPerRecord = (size: (typeof perRecord)[number]) => ({
    median: round(size.msPerRecord, 5),
    runs: size.runs.map((ms) => round(ms / size.records, 5)),
  });
  return {
    id: 'scaling.export',
    label: `export ms/record, ${largest.records} vs ${smallest.records} records`,
    unit: 'ms/record',
    product: runsPerRecord(largest),
    baseline: { label: `${smallest.records} records`, ...runsPerRecord(smallest) },
    // Per-record cost of the largest archive ÷ that of the smallest: 1 is linear, more is worse.
    ratio: round(largest.msPerRecord / smallest.msPerRecord, 3),
    details: {
      sizes: perRecord.map((size) => ({
        records: size.records,
        ...series(size.runs),
        msPerRecord: round(size.msPerRecord, 5),
      })),
    },
  };
}

interface ImportRun {
  ms: number;
  heap: HeapRun;
  plan: number;
  apply: number;
}

/** The product's import of `file` through the Export view into an empty database. */
export async function productImport(
  session: Session,
  transfer: TransferTab,
  file: string,
  records: number,
  ready?: () => Promise<void>,
): Promise<ImportRun> {
  const { tab } = transfer;
  await tab.goto('about:blank');
  await emptyProductDatabase(session);
  await exportView(transfer, 0);
  await tab.evaluate(armImportWatch);
  const input = (await tab.$('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
  const heap = await sampleHeap(transfer.cdp);
  await ready?.();
  await input.uploadFile(file);
  await tab.waitForSelector('[data-testid="import-analyse"]:not([disabled])', { timeout: 30_000 });
  await tab.click('[data-testid="import-analyse"]');
  await tab.waitForFunction(importReached, { polling: 50, timeout: STEP_TIMEOUT_MS }, 'planAt' as const);
  const planned = await tab.evaluate(importSteps);
  if (planned?.error) throw new Error(`import refused the archive: ${planned.error}`);
  if (planned?.added !== records) throw new Error(`the plan adds ${planned?.added} records, not ${records}`);
  await tab.click('[data-testid="import-confirm"]');
  await tab.waitForFunction(importReached, { polling: 50, timeout: STEP_TIMEOUT_MS }, 'doneAt' as const);
  const heapRun = await heap.stop();
  const steps = await tab.evaluate(importSteps);
  if (steps?.error) throw new Error(`import failed: ${steps.error}`);
  const { chosenAt, enabledAt, analyseAt, planAt, confirmAt, doneAt } = steps ?? {};
  if (
    [chosenAt, enabledAt, analyseAt, planAt, confirmAt, doneAt].some((t) => t === null || t === undefined)
  ) {
    throw new Error(`import steps not all seen: ${JSON.stringify(steps)}`);
  }
  const counts = await session.extensionPage.evaluate(storeCounts, PRODUCT_DB, ['records', 'stats']);
  if (counts.rows.records !== records || counts.statsTotal !== records) {
    throw new Error(`after the import: ${JSON.stringify(counts)}, ${records} records expected`);
  }
  // The product's own work, without the time Node takes to click the next button.
  const choose = enabledAt! - chosenAt!;
  const plan = planAt! - analyseAt!;
  const apply = doneAt! - confirmAt!;
  return { ms: choose + plan + apply, heap: heapRun, plan, apply };
}

async function baselineImport(
  session: Session,
  transfer: TransferTab,
  file: string,
  records: number,
): Promise<{ ms: number; heap: HeapRun; parts: Record<'read' | 'parse' | 'put', number> }> {
  const { tab } = transfer;
  await tab.goto('about:blank');
  // The dashboard as the product's run finds it: an empty database.
  await emptyProductDatabase(session);
  await emptyBaselineDatabase(session, ['records', 'captures']);
  await exportView(transfer, 0);
  await tab.evaluate(armBaselineImport, BASELINE_DB);
  const input = (await tab.$('input[data-bench="baseline-import"]')) as ElementHandle<HTMLInputElement>;
  const heap = await sampleHeap(transfer.cdp);
  await input.uploadFile(file);
  const result = await tab.evaluate(baselineImported);
  const heapRun = await heap.stop();
  const counts = await session.extensionPage.evaluate(storeCounts, BASELINE_DB, ['records']);
  if (result.records !== records || counts.rows.records !== records) {
    throw new Error(`baseline import: ${result.records} parsed, ${counts.rows.records} stored`);
  }
  return {
    ms: result.ms,
    heap: heapRun,
    parts: { read: result.readMs, parse: result.parseMs, put: result.putMs },
  };
}

/** The import figure: `file`, a product export of `records` records. */
export async function measureImport(
  session: Session,
  transfer: TransferTab,
  file: string,
  records: number,
  repeat: Repeat,
): Promise<Figure> {
  const product: number[] = [];
  const productHeap: HeapRun[] = [];
  const steps: Record<'plan' | 'apply', number[]> = { plan: [], apply: [] };
  const baseline: number[] = [];
  const baselineHeap: HeapRun[] = [];
  const parts: Record<'read' | 'parse' | 'put', number[]> = { read: [], parse: [], put: [] };
  await alternate(repeat, [
    async (measured) => {
      const run = await productImport(session, transfer, file, records);
      if (!measured) return;
      product.push(run.ms);
      productHeap.push(run.heap);
      steps.plan.push(run.plan);
      steps.apply.push(run.apply);
    },
    async (measured) => {
      const run = await baselineImport(session, transfer, file, records);
      if (!measured) return;
      baseline.push(run.ms);
      baselineHeap.push(run.heap);
      parts.read.push(run.parts.read);
      parts.parse.push(run.parts.parse);
      parts.put.push(run.parts.put);
    },
  ]);
  return paired(
    {
      id: `import.json-${records}`,
      label: `import JSON archive, ${records} records`,
      unit: 'ms',
      details: {
        records,
        plan: series(steps.plan),
        apply: series(steps.apply),
        memory: { product: heapFigure(productHeap), baseline: heapFigure(baselineHeap) },
      },
    },
    product,
    { label: 'file text + JSON.parse + IndexedDB put', runs: baseline, parts },
    IMPORT_MAX_RATIO,
  );
}

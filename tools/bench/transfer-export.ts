/** The export figures (see transfer.ts): the JSON archive of 100 000 records, and its scaling. */
import { createReadStream, rmSync } from 'node:fs';
import type { ElementHandle } from 'puppeteer-core';
import { ARCHIVE_FORMAT } from '../../storage/archive/envelope';
import { ArchiveJsonScanner } from '../../storage/archive/json-read';
import { alternate, type Repeat } from './capture';
import { sampleHeap, type Download } from './devtools';
import { heapFigure, paired, series, type Figure, type HeapRun } from './figure';
import { armExportWatch, exportBaseline, exportSteps, type BaselineExport } from './in-page-archive';
import { PRODUCT_DB, type Session } from './session';
import { median, round } from './stats';
import { exportView, fillProductArchive, STEP_TIMEOUT_MS, type TransferTab } from './transfer';

const EXPORT_MAX_RATIO = 2;

/**
 * Reads a downloaded archive back: complete, parses, holds `records` records. Streamed through the
 * product's own archive scanner, a record at a time: a million-record archive (over 500 MB) is
 * past V8's longest string, so it can never be read as one text.
 */
async function checkArchive(download: Download, records: number, product: boolean): Promise<void> {
  let format: unknown;
  let count = 0;
  const scanner = new ArchiveJsonScanner({
    member: (key, value) => {
      if (key === 'format') format = value;
    },
    element: (list) => {
      if (list === 'records') count++;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(download.path)) {
    scanner.push(decoder.decode(chunk as Buffer, { stream: true }));
  }
  scanner.push(decoder.decode());
  scanner.end();
  if (product && format !== ARCHIVE_FORMAT) throw new Error(`${download.filename}: not an archive`);
  if (count !== records) throw new Error(`${download.filename}: ${count} records, ${records} expected`);
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
  await checkArchive(download, records, true);
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
  await checkArchive(download, records, false);
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
    { label: 'IndexedDB getAll by 10 000 + JSON.stringify + Blob + download', runs: baseline, parts },
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

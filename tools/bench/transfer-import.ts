/** The import figure (see transfer.ts): the exported archive into an empty database. */
import type { ElementHandle } from 'puppeteer-core';
import { alternate, type Repeat } from './capture';
import { sampleHeap } from './devtools';
import { heapFigure, paired, series, type Figure, type HeapRun } from './figure';
import { storeCounts } from './in-page-archive';
import {
  armBaselineImport,
  armImportWatch,
  baselineImported,
  importReached,
  importSteps,
} from './in-page-import';
import {
  BASELINE_DB,
  emptyBaselineDatabase,
  emptyProductDatabase,
  PRODUCT_DB,
  type Session,
} from './session';
import { exportView, STEP_TIMEOUT_MS, type TransferTab } from './transfer';

const IMPORT_MAX_RATIO = 2;

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

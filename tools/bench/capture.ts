/**
 * Capture figures: the product's click → stored → counts shown, against a bare baseline measured
 * in the same run, alternating which goes first so drift on a shared machine hits both alike.
 *
 * - capture: empty product database (recreated as Dexie creates it) vs plain DOM walk in the
 *   page + plain `put` of as many objects, one transaction, in an extension page's IndexedDB
 *   (same origin and storage as the product; a store with the product's key path and indexes).
 * - re-capture of the unchanged page: the product's second save vs the walk + a plain `get` of
 *   each key the baseline stored, one transaction.
 * - scaling: the product's capture of the same page cut or repeated to other sizes.
 */
import { paired, series, type Figure } from './figure';
import { timedGet, timedPut } from './in-page-idb';
import {
  BASELINE_DB,
  collectGarbage,
  emptyBaselineDatabase,
  emptyProductDatabase,
  loadPortalPage,
  timedSave,
  type Session,
} from './session';
import { median, round } from './stats';
import { walkAmeli, walkLabo, type WalkResult } from './walk';

export interface Repeat {
  warmup: number;
  runs: number;
}

export interface BenchTarget {
  id: string;
  label: string;
  url: string;
  walk: () => WalkResult;
}

const CAPTURE_MAX_RATIO = 1.5;
const RECAPTURE_MAX_RATIO = 1.2;

/** Runs `steps` warm-up + runs times, alternating their order; `measured` is false in warm-up. */
export async function alternate(
  repeat: Repeat,
  steps: ((measured: boolean) => Promise<void>)[],
): Promise<void> {
  for (let run = 0; run < repeat.warmup + repeat.runs; run++) {
    const order = run % 2 === 0 ? steps : [...steps].reverse();
    for (const step of order) await step(run >= repeat.warmup);
  }
}

export async function measureCapture(
  session: Session,
  target: BenchTarget,
  repeat: Repeat,
): Promise<Figure[]> {
  const product: number[] = [];
  const walk: number[] = [];
  const put: number[] = [];
  let counts: Record<string, number | null> = {};
  let baselineIds: string[] = [];
  let walkedRows = 0;

  await alternate(repeat, [
    async (measured) => {
      await emptyProductDatabase(session);
      await loadPortalPage(session.tab, target.url);
      await collectGarbage(session);
      const result = await timedSave(session.tab);
      if (!result.counts.added) throw new Error(`${target.id}: the first save added nothing`);
      if (measured) product.push(result.ms);
      counts = result.counts;
    },
    async (measured) => {
      await emptyBaselineDatabase(session);
      await loadPortalPage(session.tab, target.url);
      await collectGarbage(session);
      const walked = await session.tab.evaluate(target.walk);
      const stored = await session.extensionPage.evaluate(timedPut, BASELINE_DB, 'records', walked.rows);
      if (measured) {
        walk.push(walked.ms);
        put.push(stored.ms);
      }
      baselineIds = stored.ids;
      walkedRows = walked.rows.length;
    },
  ]);
  const capture = paired(
    {
      id: `capture.${target.id}`,
      label: `capture ${target.label}`,
      unit: 'ms',
      details: { counts, walkedRows },
    },
    product,
    {
      label: 'DOM walk + IndexedDB put',
      runs: walk.map((ms, i) => ms + (put[i] ?? 0)),
      parts: { walk, put },
    },
    CAPTURE_MAX_RATIO,
  );

  const again: number[] = [];
  const rewalk: number[] = [];
  const get: number[] = [];
  let recounts: Record<string, number | null> = {};
  await alternate(repeat, [
    async (measured) => {
      await loadPortalPage(session.tab, target.url);
      await collectGarbage(session);
      const result = await timedSave(session.tab);
      if (result.counts.added !== 0 || result.counts.updated !== 0) {
        throw new Error(`${target.id}: saving the unchanged page again wrote records`);
      }
      if (measured) again.push(result.ms);
      recounts = result.counts;
    },
    async (measured) => {
      await loadPortalPage(session.tab, target.url);
      await collectGarbage(session);
      const walked = await session.tab.evaluate(target.walk);
      const read = await session.extensionPage.evaluate(timedGet, BASELINE_DB, 'records', baselineIds);
      if (read.found !== baselineIds.length) throw new Error(`${target.id}: the baseline lost records`);
      if (measured) {
        rewalk.push(walked.ms);
        get.push(read.ms);
      }
    },
  ]);
  const recapture = paired(
    {
      id: `recapture.${target.id}`,
      label: `re-capture ${target.label}`,
      unit: 'ms',
      details: { counts: recounts },
    },
    again,
    {
      label: 'DOM walk + IndexedDB get',
      runs: rewalk.map((ms, i) => ms + (get[i] ?? 0)),
      parts: { walk: rewalk, get },
    },
    RECAPTURE_MAX_RATIO,
  );
  return [capture, recapture];
}

export interface ScaledPage {
  url: string;
  acts: number;
}

export async function measureScaling(session: Session, pages: ScaledPage[], repeat: Repeat): Promise<Figure> {
  const sizes: { acts: number; found: number; ms: number[]; msPerRow: number }[] = [];
  for (const page of pages) {
    const ms: number[] = [];
    let found = 0;
    for (let run = 0; run < repeat.warmup + repeat.runs; run++) {
      await emptyProductDatabase(session);
      await loadPortalPage(session.tab, page.url);
      await collectGarbage(session);
      const result = await timedSave(session.tab);
      found = result.counts.found ?? 0;
      if (run >= repeat.warmup) ms.push(result.ms);
    }
    if (found === 0) throw new Error(`scaling: nothing found on ${page.url}`);
    sizes.push({ acts: page.acts, found, ms, msPerRow: median(ms) / found });
  }
  const smallest = sizes[0];
  const largest = sizes.at(-1);
  if (!smallest || !largest) throw new Error('scaling: no page size');
  const perRow = (size: (typeof sizes)[number]) => ({
    median: round(size.msPerRow, 4),
    runs: size.ms.map((ms) => round(ms / size.found, 4)),
  });
  return {
    id: 'scaling.ameli',
    label: `capture ms/row, ${largest.found} vs ${smallest.found} rows`,
    unit: 'ms/row',
    product: perRow(largest),
    baseline: { label: `same page cut to ${smallest.found} rows`, ...perRow(smallest) },
    // Per-row cost of the largest page ÷ that of the smallest: 1 is linear, more is worse.
    ratio: round(largest.msPerRow / smallest.msPerRow, 3),
    details: {
      sizes: sizes.map((size) => ({
        rows: size.found,
        ...series(size.ms),
        msPerRow: round(size.msPerRow, 4),
      })),
    },
  };
}

export const WALKS = { ameli: walkAmeli, labo: walkLabo } as const;

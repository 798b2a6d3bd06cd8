/** The bench's printed table and its JSON report (bench-results/<timestamp>.json and latest.json). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import type { Figure, HeapFigure, Series } from './figure';
import type { HotFunction, ProfileSummary } from './profile';
import { formatBytes, formatMegabytes, formatMs, formatRatio, round } from './stats';

export const RESULTS_DIR = 'bench-results';

export interface Report {
  format: 'mdms-bench';
  version: 1;
  startedAt: string;
  durationMs: number;
  git: { commit: string | null; dirty: boolean | null };
  machine: {
    platform: string;
    cpus: number;
    cpuModel: string | null;
    node: string;
    chromium: string;
    /** 1, 5 and 15 min load averages when the bench started and ended: how shared the machine was. */
    loadAverage: { start: number[]; end: number[] };
  };
  settings: Record<string, unknown>;
  figures: Figure[];
  profiles?: ProfileSummary[];
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function environment(chromium: string, loadAtStart: number[]): Pick<Report, 'git' | 'machine'> {
  const status = git(['status', '--porcelain']);
  return {
    git: { commit: git(['rev-parse', 'HEAD']), dirty: status === null ? null : status !== '' },
    machine: {
      platform: `${platform()} ${release()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      node: process.version,
      chromium,
      loadAverage: { start: loadAtStart.map((n) => round(n, 2)), end: loadavg().map((n) => round(n, 2)) },
    },
  };
}

function value(figure: Figure, series: { median: number } | undefined): string {
  if (!series) return '—';
  if (figure.unit === 'bytes') return formatBytes(series.median);
  if (figure.unit === 'ms/row') return `${series.median.toFixed(3)} ms/row`;
  if (figure.unit === 'ms/record') return `${series.median.toFixed(4)} ms/record`;
  return formatMs(series.median);
}

function targetText(figure: Figure): string {
  if (!figure.target) return '';
  const limit =
    figure.target.kind === 'ratio'
      ? `≤ ${figure.target.max}×`
      : `≤ ${figure.unit === 'bytes' ? formatBytes(figure.target.max) : figure.target.max}`;
  return `${limit} ${figure.target.met ? 'ok' : 'MISSED'}`;
}

function baselineText(figure: Figure): string {
  if (!figure.baseline) return '—';
  const parts = figure.baseline.parts
    ? ` (${Object.entries(figure.baseline.parts)
        .map(([name, part]) => `${name} ${formatMs(part.median)}`)
        .join(' + ')})`
    : '';
  return `${value(figure, figure.baseline)}${parts}`;
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((figure) => [
    figure.label,
    value(figure, figure.product),
    baselineText(figure),
    figure.ratio === undefined ? '—' : formatRatio(figure.ratio),
    targetText(figure),
  ]);
  const header = ['figure', 'product', 'bare baseline (same run)', 'ratio', 'target'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

export function printDetails(figures: Figure[], profiles: ProfileSummary[] | undefined): void {
  const size = figures.find((figure) => figure.id === 'content-script.size');
  if (size?.details) {
    const { scripts } = size.details as {
      scripts: { files: string[]; bytes: number; gzipBytes: number }[];
    };
    console.log("\nContent scripts (one per portal; a page loads its portal's only):");
    for (const { files, bytes, gzipBytes } of scripts)
      console.log(`  ${files.join(', ')}: ${formatBytes(bytes)}, ${formatBytes(gzipBytes)} gzipped`);
  }
  const scaling = figures.find((figure) => figure.id === 'scaling.ameli');
  if (scaling?.details) {
    const sizes = scaling.details.sizes as { rows: number; median: number; msPerRow: number }[];
    console.log('Capture scaling (ameli):');
    for (const entry of sizes) {
      console.log(
        `  ${String(entry.rows).padStart(5)} rows  ${formatMs(entry.median).padStart(8)}  ${entry.msPerRow.toFixed(3)} ms/row`,
      );
    }
    console.log(`  per-row cost, largest ÷ smallest page: ${formatRatio(scaling.ratio ?? Number.NaN)}`);
  }
  const exportScaling = figures.find((figure) => figure.id === 'scaling.export');
  if (exportScaling?.details) {
    const sizes = exportScaling.details.sizes as { records: number; median: number; msPerRecord: number }[];
    console.log('Export scaling (JSON archive):');
    for (const entry of sizes) {
      console.log(
        `  ${String(entry.records).padStart(6)} records  ${formatMs(entry.median).padStart(8)}  ${entry.msPerRecord.toFixed(4)} ms/record`,
      );
    }
    console.log(
      `  per-record cost, largest ÷ smallest archive: ${formatRatio(exportScaling.ratio ?? Number.NaN)}`,
    );
  }
  for (const figure of figures.filter((f) => /^(export|import)\./.test(f.id))) printTransfer(figure);
  for (const figure of figures.filter((f) => f.id.startsWith('page-load.'))) printPageLoad(figure);

  const missed = figures.filter((figure) => figure.target && !figure.target.met);
  console.log(missed.length === 0 ? '\nEvery target is met.' : '\nTargets missed:');
  for (const figure of missed) {
    const got =
      figure.target?.kind === 'ratio'
        ? formatRatio(figure.ratio ?? Number.NaN)
        : value(figure, figure.product);
    console.log(`  ✗ ${figure.label}: ${got}, target ${targetText(figure).replace(' MISSED', '')}`);
  }

  for (const profile of profiles ?? []) {
    const what = profile.figure.startsWith('page-load')
      ? 'load'
      : profile.figure.startsWith('dashboard')
        ? 'first screen'
        : profile.figure.startsWith('export')
          ? 'click to download'
          : profile.figure.startsWith('import')
            ? 'file chosen to done'
            : 'click';
    console.log(`\nProfile of ${profile.figure} (${profile.ms} ms ${what}, unminified build):`);
    for (const context of profile.contexts) {
      console.log(`  ${context.context}: ${context.sampledMs} ms sampled; most self time:`);
      printHot(context.top);
      console.log(`  ${context.context}: most time in the extension's functions, callees included:`);
      printHot(context.inclusive);
    }
  }
}

/** An export or import figure's split and the dashboard page's JS heap, product and baseline. */
function printTransfer(figure: Figure): void {
  const details = figure.details as {
    built?: Series;
    plan?: Series;
    apply?: Series;
    memory?: { product: HeapFigure; baseline: HeapFigure };
  };
  console.log(`${figure.label}:`);
  if (details.built) {
    console.log(`  product: file made ${formatMs(details.built.median)} after the click, then downloaded`);
  }
  if (details.plan && details.apply) {
    console.log(`  product: plan ${formatMs(details.plan.median)} + apply ${formatMs(details.apply.median)}`);
  }
  if (!details.memory) return;
  for (const [who, heap] of Object.entries(details.memory)) {
    console.log(
      `  peak JS heap, ${who.padEnd(8)}: +${formatMegabytes(heap.peakDelta.median)} over its start, ` +
        `${formatMegabytes(heap.peak.median)} in all (≥ ${heap.minSamples} samples, longest gap ${formatMs(heap.maxGapMs)})`,
    );
  }
}

function printHot(functions: HotFunction[]): void {
  for (const hot of functions) {
    const ms = hot.selfMs.toFixed(1).padStart(7);
    console.log(`    ${ms} ms ${hot.percent.toFixed(1).padStart(5)}%  ${hot.function}  ${hot.where}`);
  }
}

/** Writes `bench-results/<timestamp>.json` and `bench-results/latest.json`; returns the first. */
export function writeReport(report: Report): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const file = join(RESULTS_DIR, `${stamp}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  return file;
}

/** The page-load figure against the floor: what injecting anything costs, and what ours adds. */
function printPageLoad(figure: Figure): void {
  const details = figure.details as
    | {
        buttonShown: string;
        floor: { median: number; ratioToWithout: number; pairedRatioToWithout?: number };
        ratioToFloor: number;
        pairedRatioToFloor?: number;
      }
    | undefined;
  if (!details?.floor) return;
  const paired = (ratio: number | undefined) =>
    ratio === undefined ? '' : ` (paired ${formatRatio(ratio)})`;
  console.log(
    `Page load (${figure.label}), button shown after ${details.buttonShown} of the product's loads:`,
  );
  console.log(
    `  floor, an extension that only runs an empty function in each portal page: ${formatMs(details.floor.median)}, ` +
      `${formatRatio(details.floor.ratioToWithout)}${paired(details.floor.pairedRatioToWithout)} the browser without extension`,
  );
  console.log(
    `  the product against that floor: ${formatRatio(details.ratioToFloor)}${paired(details.pairedRatioToFloor)}`,
  );
}

/**
 * Compares two bench reports figure by figure: the ratios to the baseline (which travel between
 * machines and runs better than times) and the product's medians.
 *
 *   npx tsx tools/bench/compare.ts bench-results/<before>.json [bench-results/latest.json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './figure';
import { RESULTS_DIR, type Report } from './report';
import { formatRatio } from './stats';

function load(file: string): Report {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Partial<Report>;
  if (report.format !== 'mdms-bench' || report.version !== 1 || !Array.isArray(report.figures)) {
    throw new Error(`${file} is not a bench report (format mdms-bench, version 1)`);
  }
  return report as Report;
}

function change(before: number | undefined, after: number | undefined): string {
  if (before === undefined || after === undefined || before === 0) return '';
  const percent = ((after - before) / before) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(0)}%`;
}

function product(figure: Figure | undefined): string {
  if (!figure) return '—';
  return `${figure.product.median} ${figure.unit}`;
}

function main(): void {
  const [beforeFile, afterFile = join(RESULTS_DIR, 'latest.json')] = process.argv.slice(2);
  if (!beforeFile) throw new Error('usage: tsx tools/bench/compare.ts <before.json> [after.json]');
  const before = load(beforeFile);
  const after = load(afterFile);
  console.log(`before: ${beforeFile} (${before.startedAt}, ${before.git.commit?.slice(0, 10) ?? '?'})`);
  console.log(`after:  ${afterFile} (${after.startedAt}, ${after.git.commit?.slice(0, 10) ?? '?'})\n`);
  const ids = [...new Set([...before.figures, ...after.figures].map((figure) => figure.id))];
  const rows = ids.map((id) => {
    const a = before.figures.find((figure) => figure.id === id);
    const b = after.figures.find((figure) => figure.id === id);
    return [
      id,
      a?.ratio === undefined ? '—' : formatRatio(a.ratio),
      b?.ratio === undefined ? '—' : formatRatio(b.ratio),
      change(a?.ratio, b?.ratio),
      product(a),
      product(b),
      change(a?.product.median, b?.product.median),
    ];
  });
  const header = ['figure', 'ratio before', 'ratio after', 'Δ', 'product before', 'product after', 'Δ'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  }
}

main();

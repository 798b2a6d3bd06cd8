/**
 * Compares two bench reports figure by figure: the ratios to the baseline (which travel between
 * machines and runs better than times) and the product's medians.
 *
 *   npx tsx tools/bench/compare.ts bench-results/<before>.json [bench-results/latest.json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, parseCommandLine, refuseArguments } from '../io';
import type { Figure } from './figure';
import { RESULTS_DIR, type Report } from './report';
import { formatRatio } from './stats';

const USAGE = `Usage : npx tsx tools/bench/compare.ts <avant.json> [<après.json>]

Compare deux rapports du banc (npm run bench), mesure par mesure : les rapports à la référence et
les médianes du produit. Sans <après.json>, compare à ${join(RESULTS_DIR, 'latest.json')}.

  -h, --help   cette aide`;

function load(file: string): Report {
  let report: Partial<Report>;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as Partial<Report>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Impossible de lire ${file} : ${reason}`, { cause: error });
  }
  if (report?.format !== 'mdms-bench' || report.version !== 1 || !Array.isArray(report.figures)) {
    throw new Error(`${file} n'est pas un rapport du banc (format mdms-bench, version 1).`);
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

/** The two reports to compare, or null for --help. */
function files(argv: readonly string[]): [before: string, after: string] | null {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return null;
  const [before, after = join(RESULTS_DIR, 'latest.json'), ...extra] = positionals;
  if (before === undefined || extra.length > 0)
    throw new ArgumentError('Indiquez un ou deux rapports du banc : <avant.json> [<après.json>].');
  return [before, after];
}

function main(): number {
  let reports: ReturnType<typeof files>;
  try {
    reports = files(process.argv.slice(2));
  } catch (error) {
    return refuseArguments(error, USAGE);
  }
  if (!reports) {
    console.log(USAGE);
    return 0;
  }
  const [beforeFile, afterFile] = reports;
  let before: Report;
  let after: Report;
  try {
    before = load(beforeFile);
    after = load(afterFile);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
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
  return 0;
}

process.exitCode = main();

/**
 * The experiment's standard tables, computed by DuckDB from the pool's Parquet files:
 *
 * - coverage: per portal and kind, how many participants shared records, and how many records;
 * - left_to_pay_by_month and left_to_pay_by_care: what was spent, paid back and left to pay;
 * - analytes: per LOINC code and unit, the distribution of values and the share out of range;
 * - gaps: per portal, the participants who never saved it, and the saves that failed.
 *
 * Each is printed, written as CSV (every text cell neutralised against formulas,
 * storage/archive/csv.ts) and gathered in a small HTML page with bar charts drawn as SVG: no
 * script, every text escaped.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { csvDialect, csvLine } from '../../storage/archive/csv';
import { SHAREABLE_KINDS, type ShareableKind } from '../../storage/research/fields';
import { sqlPath, tableName } from './parquet';

export type Cell = string | number | boolean | null;

export interface ReportTable {
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** The column drawn as bars in the HTML page, by the first column's labels. */
  chart?: { label: number | number[]; value: number; caption: string };
}

function kindRelation(poolDir: string, kind: ShareableKind): string | null {
  const dir = join(poolDir, 'parquet', tableName(kind));
  if (!existsSync(dir)) return null;
  return `read_parquet(${sqlPath(join(dir, '**', '*.parquet'))}, hive_partitioning = true)`;
}

async function rows(
  connection: DuckDBConnection,
  sql: string,
): Promise<{ columns: string[]; rows: Cell[][] }> {
  const reader = await connection.runAndReadAll(sql);
  const plain = (value: unknown): Cell => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
    return String(value);
  };
  return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(plain)) };
}

/** Computes the standard tables of the pool in `poolDir` (after ./parquet.ts wrote it). */
export async function reportTables(connection: DuckDBConnection, poolDir: string): Promise<ReportTable[]> {
  const tables: ReportTable[] = [];
  const coverage = SHAREABLE_KINDS.flatMap((kind) => {
    const relation = kindRelation(poolDir, kind);
    return relation
      ? [
          `SELECT portal, '${kind}' AS kind, count(DISTINCT participant)::INTEGER AS participants, count(*)::INTEGER AS records FROM ${relation} GROUP BY portal`,
        ]
      : [];
  });
  if (coverage.length > 0) {
    tables.push({
      name: 'coverage',
      title: 'Couverture par portail et type de données',
      ...(await rows(connection, `${coverage.join(' UNION ALL ')} ORDER BY portal, kind`)),
      chart: { label: [0, 1], value: 3, caption: 'données par portail et type' },
    });
  }
  const money = kindRelation(poolDir, 'reimbursement');
  if (money) {
    const sums = `count(DISTINCT participant)::INTEGER AS participants, count(*)::INTEGER AS acts,
      round(sum(charged), 2)::DOUBLE AS charged,
      round(sum(reimbursed_primary), 2)::DOUBLE AS reimbursed_primary,
      round(sum(reimbursed_complementary), 2)::DOUBLE AS reimbursed_complementary,
      round(sum(left_to_pay), 2)::DOUBLE AS left_to_pay,
      round(avg(left_to_pay), 2)::DOUBLE AS left_to_pay_per_act`;
    tables.push({
      name: 'left_to_pay_by_month',
      title: 'Reste à charge par mois',
      ...(await rows(
        connection,
        `SELECT strftime(date, '%Y-%m') AS month, ${sums} FROM ${money} GROUP BY 1 ORDER BY 1`,
      )),
      chart: { label: 0, value: 6, caption: 'reste à charge (€) par mois' },
    });
    tables.push({
      name: 'left_to_pay_by_care',
      title: 'Reste à charge par genre de soins',
      ...(await rows(
        connection,
        `SELECT care, ${sums} FROM ${money} GROUP BY 1 ORDER BY left_to_pay DESC NULLS LAST, care`,
      )),
      chart: { label: 0, value: 6, caption: 'reste à charge (€) par genre de soins' },
    });
  }
  const labs = kindRelation(poolDir, 'lab-result');
  if (labs) {
    tables.push({
      name: 'analytes',
      title: 'Distribution des résultats par code LOINC',
      ...(await rows(
        connection,
        `SELECT loinc, any_value(test) AS test, unit, count(*)::INTEGER AS results,
          count(DISTINCT participant)::INTEGER AS participants,
          min(value)::DOUBLE AS min, round(quantile_cont(value, 0.25), 4)::DOUBLE AS p25,
          round(median(value), 4)::DOUBLE AS median, round(quantile_cont(value, 0.75), 4)::DOUBLE AS p75,
          max(value)::DOUBLE AS max,
          round(avg(CASE WHEN out_of_range THEN 1.0 WHEN out_of_range IS NULL THEN NULL ELSE 0.0 END), 3)::DOUBLE AS out_of_range_share
        FROM ${labs} WHERE loinc IS NOT NULL GROUP BY loinc, unit ORDER BY results DESC, loinc, unit`,
      )),
      chart: { label: 1, value: 10, caption: 'part des résultats hors des valeurs de référence' },
    });
  }
  tables.push({
    name: 'gaps',
    title: 'Manques : portails jamais enregistrés, enregistrements échoués',
    ...(await rows(
      connection,
      `SELECT portal,
        count(*) FILTER (WHERE saves > 0)::INTEGER AS participants_saved,
        count(*) FILTER (WHERE saves = 0)::INTEGER AS participants_never_saved,
        sum(saves)::INTEGER AS saves, sum(failures)::INTEGER AS failed_saves
      FROM read_parquet(${sqlPath(join(poolDir, 'parquet', 'portals.parquet'))})
      GROUP BY portal ORDER BY portal`,
    )),
    chart: { label: 0, value: 2, caption: 'participants qui n’ont jamais enregistré ce portail' },
  });
  return tables;
}

/** A table as the terminal shows it: aligned columns, the first `limit` rows. */
export function printTable(table: ReportTable, limit = 15): string {
  const text = (cell: Cell) => (cell === null ? '' : String(cell));
  const shown = table.rows.slice(0, limit);
  const widths = table.columns.map((column, i) =>
    Math.min(40, Math.max(column.length, ...shown.map((row) => text(row[i] ?? null).length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.slice(0, 40).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const more = table.rows.length - shown.length;
  return [
    `${table.title} (${table.rows.length} lignes)`,
    line(table.columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...shown.map((row) => line(row.map(text))),
    ...(more > 0 ? [`… et ${more} autres lignes dans ${table.name}.csv`] : []),
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Horizontal bars of one column, drawn as SVG (no script). */
function barChart(table: ReportTable): string {
  const { chart } = table;
  if (!chart) return '';
  const bars = table.rows
    .map((row) => ({
      label: [chart.label]
        .flat()
        .map((column) => String(row[column] ?? ''))
        .join(' · '),
      value: Number(row[chart.value] ?? 0),
    }))
    .filter((bar) => Number.isFinite(bar.value))
    .slice(0, 24);
  if (bars.length === 0) return '';
  const max = Math.max(...bars.map((bar) => Math.abs(bar.value)), 1e-9);
  const rowHeight = 22;
  const width = 640;
  const labelWidth = 220;
  const items = bars
    .map((bar, i) => {
      const length = Math.max(1, ((width - labelWidth - 80) * Math.abs(bar.value)) / max);
      const y = i * rowHeight;
      return `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.label.slice(0, 32))}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 8}" fill="#0d7a5f"/>
<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(String(bar.value))}</text>`;
    })
    .join('\n');
  return `<figure><svg role="img" aria-label="${escapeHtml(chart.caption)}" viewBox="0 0 ${width} ${bars.length * rowHeight}" width="${width}" height="${bars.length * rowHeight}" font-size="12" font-family="system-ui, sans-serif">
${items}
</svg><figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`;
}

export function reportHtml(
  tables: readonly ReportTable[],
  heading: { study: string; participants: number; date: string },
): string {
  const cell = (value: Cell) => escapeHtml(value === null ? '' : String(value));
  const sections = tables
    .map(
      (table) => `<section>
<h2>${escapeHtml(table.title)}</h2>
${barChart(table)}
<table>
<thead><tr>${table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${table.rows.map((row) => `<tr>${row.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>
<p><a href="${escapeHtml(table.name)}.csv">${escapeHtml(table.name)}.csv</a></p>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(heading.study)} — rapport du pool</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #1b1f24; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
td { font-variant-numeric: tabular-nums; }
figure { margin: 12px 0; }
figcaption { color: #57606a; font-size: 12px; }
</style>
</head>
<body>
<h1>${escapeHtml(heading.study)}</h1>
<p>${heading.participants} participants — rapport du ${escapeHtml(heading.date)}. Données pseudonymisées : aucun nom, aucune adresse, aucun identifiant.</p>
${sections}
</body>
</html>
`;
}

/** Writes each table as CSV and the HTML page into `outDir`; returns the text printed. */
export function writeReport(
  tables: readonly ReportTable[],
  outDir: string,
  heading: { study: string; participants: number; date: string },
): string {
  mkdirSync(outDir, { recursive: true });
  const dialect = csvDialect('en');
  for (const table of tables) {
    const text = [table.columns, ...table.rows].map((row) => csvLine(row, dialect)).join('');
    writeFileSync(join(outDir, `${table.name}.csv`), text);
  }
  writeFileSync(join(outDir, 'report.html'), reportHtml(tables, heading));
  return tables.map((table) => printTable(table)).join('\n');
}

/**
 * Prints a lab report as a PDF the way French lab software lays one out, for the PDF reader's
 * tests and the demo: a header (lab, patient, file number, collection date, prescriber), then
 * sections of result lines in columns — analyte, result, unit, reference range, flag, and
 * optionally the previous result (« Antériorité ») — over as many pages as it takes, a section
 * running on to the next page with « (suite) ». Layouts vary the things readers trip on: one or
 * two columns of results per page, the range before or after the unit, the flag as a letter
 * column or a star after the value, and the page length.
 *
 * Reports can also be made from the records the CDA reader gives, so that a PDF renders the
 * project's own CDA fixtures as a lab would print them.
 */
import type { ScrapedRecord } from '../storage/schemas';
import { textWidth, writePdf, type PdfText } from './pdf-writer';

export interface PrintedResult {
  analyte: string;
  value: string;
  unit: string | null;
  range: string | null;
  /** `H` high, `B` low (« bas »), null normal. */
  flag: 'H' | 'B' | null;
  /** The previous result of the same analyte, as printed in the « Antériorité » column. */
  previous?: string | null;
}

export interface PrintedSection {
  title: string;
  results: PrintedResult[];
}

export interface PrintedReport {
  lab: string;
  patient: string;
  birthDate: string;
  reportId: string;
  /** `JJ/MM/AAAA` and `HH:MM`. */
  collectedDay: string;
  collectedTime: string;
  prescriber: string | null;
  /** The date of the previous report, in the « Antériorité » column's header. */
  previousDay?: string;
  sections: PrintedSection[];
}

export interface Layout {
  columns: 1 | 2;
  /** The reference range printed before the unit (`4 - 10  G/L`) rather than after. */
  rangeBeforeUnit: boolean;
  /** Print the « Antériorité » column. */
  anteriority: boolean;
  /** `letter`: a column of H/B; `star`: ` *` after an abnormal value. */
  flags: 'letter' | 'star';
  /** Result lines per page and column before a page break. */
  linesPerPage: number;
  compress: boolean;
}

export const DEFAULT_LAYOUT: Layout = {
  columns: 1,
  rangeBeforeUnit: false,
  anteriority: false,
  flags: 'letter',
  linesPerPage: 40,
  compress: true,
};

const LINE = 14;
const TABLE_TOP = 200;

interface Column {
  left: number;
  width: number;
}

/** Where each cell of a result line goes in a column of the page. */
function cellsOf(column: Column, layout: Layout) {
  const at = (share: number) => column.left + column.width * share;
  const narrow = layout.columns === 2;
  return {
    analyte: at(0),
    valueRight: at(narrow ? 0.48 : 0.46),
    flag: at(narrow ? 0.5 : 0.48),
    unit: at(layout.rangeBeforeUnit ? (narrow ? 0.78 : 0.76) : narrow ? 0.55 : 0.52),
    range: at(layout.rangeBeforeUnit ? (narrow ? 0.55 : 0.52) : narrow ? 0.8 : 0.68),
    previous: at(0.88),
  };
}

function headerLine(column: Column, layout: Layout, y: number, previousDay?: string): PdfText[] {
  const cells = cellsOf(column, layout);
  const size = layout.columns === 2 ? 7 : 8;
  const texts: PdfText[] = [
    { x: cells.analyte, y, text: 'Analyse', size, bold: true },
    { x: cells.valueRight, y, text: 'Résultat', size, bold: true, align: 'right' },
    { x: cells.unit, y, text: 'Unité', size, bold: true },
    { x: cells.range, y, text: layout.columns === 2 ? 'Réf.' : 'Valeurs de référence', size, bold: true },
  ];
  if (layout.anteriority && layout.columns === 1) {
    texts.push({
      x: cells.previous,
      y,
      text: previousDay ? `Antériorité ${previousDay}` : 'Antériorité',
      size,
      bold: true,
    });
  }
  return texts;
}

function resultLine(result: PrintedResult, column: Column, layout: Layout, y: number): PdfText[] {
  const cells = cellsOf(column, layout);
  const size = layout.columns === 2 ? 7.5 : 9;
  const star = layout.flags === 'star' && result.flag !== null;
  const texts: PdfText[] = [
    { x: cells.analyte, y, text: result.analyte, size },
    {
      x: cells.valueRight,
      y,
      text: star ? `${result.value} *` : result.value,
      size,
      bold: result.flag !== null,
      align: 'right',
    },
  ];
  if (layout.flags === 'letter' && result.flag)
    texts.push({ x: cells.flag, y, text: result.flag, size, bold: true });
  if (result.unit) texts.push({ x: cells.unit, y, text: result.unit, size });
  if (result.range) texts.push({ x: cells.range, y, text: result.range, size });
  if (layout.anteriority && layout.columns === 1 && result.previous) {
    texts.push({ x: cells.previous, y, text: result.previous, size });
  }
  return texts;
}

function pageHeader(report: PrintedReport, page: number): PdfText[] {
  if (page > 0) {
    return [
      { x: 40, y: 50, text: report.lab, size: 11, bold: true },
      { x: 40, y: 66, text: `${report.patient} — Dossier n° ${report.reportId}`, size: 8 },
    ];
  }
  return [
    { x: 40, y: 50, text: report.lab, size: 14, bold: true },
    { x: 40, y: 68, text: "Laboratoire de biologie médicale — compte rendu d'analyses", size: 9 },
    { x: 40, y: 100, text: 'Patient :', size: 9, bold: true },
    { x: 110, y: 100, text: report.patient, size: 9 },
    { x: 330, y: 100, text: 'Né(e) le :', size: 9, bold: true },
    { x: 400, y: 100, text: report.birthDate, size: 9 },
    { x: 40, y: 116, text: 'Dossier n° :', size: 9, bold: true },
    { x: 110, y: 116, text: report.reportId, size: 9 },
    { x: 330, y: 116, text: 'Prélevé le :', size: 9, bold: true },
    { x: 400, y: 116, text: `${report.collectedDay} à ${report.collectedTime}`, size: 9 },
    ...(report.prescriber
      ? [
          { x: 40, y: 132, text: 'Prescripteur :', size: 9, bold: true },
          { x: 110, y: 132, text: report.prescriber, size: 9 },
        ]
      : []),
  ];
}

/** The lines of the report, a section title before its results, for one column to lay out. */
type Line = { kind: 'section'; title: string } | { kind: 'result'; result: PrintedResult; section: string };

function linesOf(report: PrintedReport): Line[] {
  return report.sections.flatMap((section): Line[] => [
    { kind: 'section', title: section.title },
    ...section.results.map((result): Line => ({ kind: 'result', result, section: section.title })),
  ]);
}

/** The report as PDF bytes, deterministic for the same report and layout. */
export function printLabReport(report: PrintedReport, layout: Layout = DEFAULT_LAYOUT): Uint8Array {
  const columns: Column[] =
    layout.columns === 2
      ? [
          { left: 36, width: 250 },
          { left: 306, width: 250 },
        ]
      : [{ left: 40, width: 515 }];
  const pages: PdfText[][] = [];
  const lines = linesOf(report);
  let next = 0;
  while (next < lines.length) {
    const page: PdfText[] = [...pageHeader(report, pages.length)];
    for (const column of columns) {
      if (next >= lines.length) break;
      let y = TABLE_TOP;
      page.push(...headerLine(column, layout, y, report.previousDay));
      y += LINE + 4;
      // A column that starts inside a section says which, as labs print it.
      const current = lines[next];
      if (current?.kind === 'result') {
        page.push({
          x: column.left,
          y,
          text: `${current.section.toUpperCase()} (suite)`,
          size: 9,
          bold: true,
        });
        y += LINE;
      }
      for (let count = 0; next < lines.length && count < layout.linesPerPage; count++) {
        const line = lines[next]!;
        // A section title never ends a column: it goes with its first result.
        if (line.kind === 'section' && count >= layout.linesPerPage - 1) break;
        if (line.kind === 'section') {
          y += 4;
          page.push({ x: column.left, y, text: line.title.toUpperCase(), size: 9, bold: true });
        } else {
          page.push(...resultLine(line.result, column, layout, y));
        }
        y += LINE;
        next++;
      }
    }
    pages.push(page);
  }
  // Footers: the page number, and the biologist who validated.
  pages.forEach((page, i) => {
    page.push({ x: 40, y: 810, text: 'Compte rendu validé par le biologiste responsable.', size: 7 });
    const label = `Page ${i + 1}/${pages.length}`;
    page.push({ x: 555 - textWidth(label, 7), y: 810, text: label, size: 7 });
  });
  return writePdf(pages, { title: `Compte rendu ${report.reportId}`, compress: layout.compress });
}

/** `2025-10-14T08:10` → `14/10/2025`, `08:10`. */
function dayAndTime(date: string): [string, string] {
  const [day = '', time = '00:00'] = date.split('T');
  const [year, month, dayOfMonth] = day.split('-');
  return [`${dayOfMonth}/${month}/${year}`, time];
}

/**
 * A printed report of the lab results the CDA reader gives (its numeric and textual results, by
 * panel), as the lab would print the same report on paper.
 */
export function reportFromRecords(
  records: readonly ScrapedRecord[],
  about: { lab: string; birthDate: string },
): PrintedReport {
  const labs = records.filter(
    (record): record is Extract<ScrapedRecord, { kind: 'lab-result' }> => record.kind === 'lab-result',
  );
  const first = labs[0];
  if (!first) throw new Error('no lab result to print');
  const [collectedDay, collectedTime] = dayAndTime(first.date);
  const sections = new Map<string, PrintedResult[]>();
  for (const lab of labs) {
    const title = lab.panel ?? 'Résultats';
    sections.set(title, [
      ...(sections.get(title) ?? []),
      {
        analyte: lab.analyte,
        value: lab.valueText,
        unit: lab.unit,
        // The standard fonts have no ≤ and ≥: a lab printing with them writes <= and >=.
        range: lab.refText?.replace('≤', '<=').replace('≥', '>=') ?? null,
        flag: lab.flag === 'H' ? 'H' : lab.flag === 'L' ? 'B' : null,
      },
    ]);
  }
  return {
    lab: about.lab,
    patient: first.patient ?? '',
    birthDate: about.birthDate,
    reportId: first.reportId ?? '',
    collectedDay,
    collectedTime,
    prescriber: first.prescriber,
    sections: [...sections].map(([title, results]) => ({ title, results })),
  };
}

/**
 * The PDF reader on lab reports printed here in every layout it knows (tools/lab-report-pdf.ts):
 * whatever the columns, the order of range and unit, the flags, the previous results and the
 * page breaks, it reads back exactly what was printed. And on the project's CDA lab report,
 * printed: the same results as the CDA reader gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, type Layout, printLabReport, type PrintedReport } from '../../tools/lab-report-pdf';
import { nodePdfPages, readDocumentFile } from '../../tools/parse-document';
import { REPORT } from '../../tools/pdf-fixtures';
import { validateRecords } from '../../storage/validate';
import type { ScrapedRecord } from '../../storage/schemas';
import { parseReference } from '../helpers/ranges';
import { runDocumentReader } from '../document-runner';
import type { PdfPage } from '../documents';
import pdfLabo from '.';
import { linesOf, tablesOf } from './layout';

const FROM = { source: 'pdf-labo', sourceUrl: `urn:sha256:${'0'.repeat(64)}`, patient: null };
type Lab = Extract<ScrapedRecord, { kind: 'lab-result' }>;

async function read(report: PrintedReport, layout: Partial<Layout>) {
  const pages = await nodePdfPages(printLabReport(report, { ...DEFAULT_LAYOUT, ...layout }));
  return {
    pages,
    run: runDocumentReader(pdfLabo, { format: 'pdf', pages }, FROM, 'cr.pdf', validateRecords),
  };
}

/** What reading the report back must give, line by line. */
function printed(report: PrintedReport, layout: Partial<Layout>) {
  return report.sections.flatMap((section) =>
    section.results.map((result) => {
      const range = parseReference(result.range);
      return {
        analyte: result.analyte,
        valueText: result.value,
        unit: result.unit,
        refText: result.range,
        refLow: range?.low ?? null,
        refHigh: range?.high ?? null,
        flag: result.flag === null ? null : layout.flags === 'star' ? 'A' : result.flag === 'H' ? 'H' : 'L',
        panel: section.title.toUpperCase(),
      };
    }),
  );
}

const LAYOUTS: Partial<Layout>[] = [];
for (const columns of [1, 2] as const)
  for (const rangeBeforeUnit of [false, true])
    for (const anteriority of [false, true])
      for (const flags of ['letter', 'star'] as const)
        for (const linesPerPage of [5, 40])
          LAYOUTS.push({ columns, rangeBeforeUnit, anteriority, flags, linesPerPage });

describe('the PDF lab report reader', () => {
  it.each(LAYOUTS.map((layout) => [JSON.stringify(layout), layout] as const))(
    'reads back what was printed: %s',
    async (_name, layout) => {
      const { pages, run } = await read(REPORT, layout);
      if ((layout.linesPerPage ?? 40) === 5) expect(pages.length).toBeGreaterThan(1);
      expect(run.status, JSON.stringify(run.problems)).toBe('ok');
      expect(run.problems).toEqual([]);
      const got = (run.records as Lab[]).map((r) => ({
        analyte: r.analyte,
        valueText: r.valueText,
        unit: r.unit,
        refText: r.refText,
        refLow: r.refLow,
        refHigh: r.refHigh,
        flag: r.flag,
        panel: r.panel,
      }));
      expect(got).toEqual(printed(REPORT, layout));
      expect(run.records[0]).toMatchObject({
        patient: 'Odile MARCHETTI',
        date: '2025-06-11T07:45',
        reportId: '250611-2231',
        lab: 'Laboratoire Bioclair – Site de la Gare',
        prescriber: 'Dr Julien ABADIE',
      });
      expect(run.about).toMatchObject({
        date: '2025-06-11',
        docType: 'lab-report',
        patient: 'Odile MARCHETTI',
      });
    },
  );

  it('reads the project’s CDA lab report, printed, into the results the CDA reader gives', async () => {
    const cda = await readDocumentFile(
      readFileSync(join(import.meta.dirname, '../cda/fixtures/cr-bio-complet.xml')),
      'x.xml',
    );
    const pdf = await readDocumentFile(
      readFileSync(join(import.meta.dirname, 'fixtures/cda-imprime.pdf')),
      'x.pdf',
    );
    const facts = (records: ScrapedRecord[]) =>
      (records as Lab[])
        // The biologist's comment is printed as a sentence, not a result line.
        .filter((r) => r.analyte !== 'Commentaire du biologiste')
        .map((r) => [
          r.analyte,
          r.valueText,
          r.unit,
          r.refLow,
          r.refHigh,
          r.flag === 'L' ? 'L' : r.flag,
          r.reportId,
          r.patient,
        ]);
    expect(facts(pdf.reading!.records)).toEqual(facts(cda.reading!.records));
  });

  it('refuses, rather than guesses, a report whose lines it cannot read with confidence', async () => {
    const damaged = {
      ...REPORT,
      sections: REPORT.sections.map((s) => ({
        ...s,
        results: s.results.map((r, i) => (i % 2 ? r : { ...r, value: '' })),
      })),
    };
    const { run } = await read(damaged, {});
    expect(run.status).toBe('broken');
    expect(run.records).toEqual([]);
    expect(run.problems.at(-1)?.message).toMatch(/lecture automatique impossible : \d+ lignes sur \d+/);
  });

  it('keeps a line or two it cannot read, and says which', async () => {
    const one = {
      ...REPORT,
      sections: [
        {
          ...REPORT.sections[0]!,
          results: [
            ...REPORT.sections[0]!.results,
            { analyte: 'Réticulocytes', value: '', unit: 'G/L', range: '20 - 120', flag: null },
          ],
        },
      ],
    };
    const { run } = await read(one, {});
    expect(run.status).toBe('ok');
    expect(run.problems.map((p) => p.message)).toEqual([
      'Ligne du compte rendu non lue : « Réticulocytes G/L 20 - 120 »',
    ]);
  });

  it('refuses a report without collection date', async () => {
    const { run } = await read({ ...REPORT, collectedDay: '', collectedTime: '' }, {});
    expect(run.status).toBe('broken');
    expect(run.problems.at(-1)?.message).toContain('la date du prélèvement');
  });

  it('recognises a report by its table of results, not any PDF', () => {
    const page = (texts: [string, number, number][]): PdfPage => ({
      width: 595,
      height: 842,
      items: texts.map(([text, x, y]) => ({ text, x, y, width: text.length * 5, height: 10 })),
    });
    expect(
      pdfLabo.detect({
        format: 'pdf',
        pages: [
          page([
            ['Ordonnance', 40, 50],
            ['Analyse de sang à faire', 40, 80],
          ]),
        ],
      }),
    ).toBe(false);
    expect(
      pdfLabo.detect({
        format: 'pdf',
        pages: [
          page([
            ['Analyse', 40, 200],
            ['Résultat', 250, 200],
          ]),
        ],
      }),
    ).toBe(true);
    // A result line that names « Test » is no header: every cell of a header line is one.
    expect(
      pdfLabo.detect({
        format: 'pdf',
        pages: [
          page([
            ['Test', 40, 200],
            ['Résultat', 250, 200],
            ['12', 400, 200],
          ]),
        ],
      }),
    ).toBe(false);
  });
});

describe('lines and tables', () => {
  it('joins the words of a cell and keeps columns apart', () => {
    const page: PdfPage = {
      width: 595,
      height: 842,
      items: [
        { text: 'Glycémie', x: 40, y: 300, width: 40, height: 9 },
        { text: 'à jeun', x: 82.5, y: 300.4, width: 26, height: 9 },
        { text: '0,98', x: 250, y: 300, width: 17, height: 9 },
        { text: 'g/L', x: 300, y: 299.8, width: 13, height: 9 },
      ],
    };
    expect(linesOf(page, 0).map((line) => line.cells.map((cell) => cell.text))).toEqual([
      ['Glycémie à jeun', '0,98', 'g/L'],
    ]);
  });

  it('finds two tables side by side', () => {
    const page: PdfPage = {
      width: 595,
      height: 842,
      items: [
        ['Analyse', 36],
        ['Résultat', 140],
        ['Unité', 180],
        ['Analyse', 306],
        ['Résultat', 410],
        ['Unité', 450],
      ].map(([text, x]) => ({ text: String(text), x: Number(x), y: 200, width: 30, height: 8 })),
    };
    const tables = tablesOf(linesOf(page, 0), page.width);
    expect(tables.map((t) => [t.left, t.right, t.anchors.map((a) => a.role)])).toEqual([
      [0, 304, ['analyte', 'value', 'unit']],
      [304, 596, ['analyte', 'value', 'unit']],
    ]);
  });
});

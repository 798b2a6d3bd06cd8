/**
 * `npx tsx tools/pdf-fixtures.ts`: writes the PDF test documents of the project — the PDF lab
 * reports of scrapers/pdf-labo/fixtures/ in several layouts, and the CDA fixture whose body is a
 * PDF — from the reports described here (invented people and values), so that they are made
 * here, never copied. Run `npm run fixtures:update -- pdf-labo` (and `-- cda`) after, and review.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_LAYOUT,
  type Layout,
  printLabReport,
  type PrintedReport,
  reportFromRecords,
} from './lab-report-pdf';
import { writePdf } from './pdf-writer';
import { readDocumentFile } from './parse-document';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const PDF_FIXTURES = join(ROOT, 'scrapers/pdf-labo/fixtures');
const CDA_FIXTURES = join(ROOT, 'scrapers/cda/fixtures');

export const REPORT: PrintedReport = {
  lab: 'Laboratoire Bioclair – Site de la Gare',
  patient: 'Mme Odile MARCHETTI',
  birthDate: '03/02/1961',
  reportId: '250611-2231',
  collectedDay: '11/06/2025',
  collectedTime: '07:45',
  prescriber: 'Dr Julien ABADIE',
  previousDay: '14/01/2025',
  sections: [
    {
      title: 'Hématologie',
      results: [
        {
          analyte: 'Hématies',
          value: '4,21',
          unit: 'T/L',
          range: '3,80 - 5,20',
          flag: null,
          previous: '4,35',
        },
        {
          analyte: 'Hémoglobine',
          value: '11,2',
          unit: 'g/dL',
          range: '11,5 - 15,5',
          flag: 'B',
          previous: '12,0',
        },
        { analyte: 'Hématocrite', value: '35,1', unit: '%', range: '35 - 47', flag: null, previous: '36,4' },
        { analyte: 'VGM', value: '83', unit: 'fL', range: '80 - 100', flag: null },
        {
          analyte: 'Leucocytes',
          value: '6,90',
          unit: 'G/L',
          range: '4,00 - 10,00',
          flag: null,
          previous: '7,10',
        },
        { analyte: 'Plaquettes', value: '412', unit: 'G/L', range: '150 - 400', flag: 'H', previous: '388' },
      ],
    },
    {
      title: 'Biochimie sanguine',
      results: [
        {
          analyte: 'Glycémie à jeun',
          value: '0,98',
          unit: 'g/L',
          range: '0,70 - 1,10',
          flag: null,
          previous: '1,02',
        },
        { analyte: 'Glycémie à jeun', value: '5,44', unit: 'mmol/L', range: '3,89 - 6,11', flag: null },
        { analyte: 'Créatinine', value: '68', unit: 'µmol/L', range: '45 - 84', flag: null, previous: '71' },
        { analyte: 'DFG (CKD-EPI)', value: '> 90', unit: 'mL/min/1,73 m²', range: '> 60', flag: null },
        {
          analyte: 'Cholestérol total',
          value: '2,41',
          unit: 'g/L',
          range: '< 2,00',
          flag: 'H',
          previous: '2,28',
        },
        { analyte: 'Ferritine', value: '9', unit: 'µg/L', range: '15 - 150', flag: 'B' },
        { analyte: 'CRP', value: '< 1', unit: 'mg/L', range: '< 5', flag: null },
      ],
    },
    {
      title: 'Sérologie',
      results: [
        { analyte: 'Toxoplasmose IgG', value: 'Négatif', unit: null, range: null, flag: null },
        { analyte: 'Antigène HBs', value: 'Négatif', unit: null, range: null, flag: null },
      ],
    },
  ],
};

const layouts: Record<string, Partial<Layout>> = {
  // One column, the previous results beside, a section that runs on the next page.
  'une-colonne-anteriorites': { anteriority: true, linesPerPage: 9 },
  // Two columns a page, the range before the unit, a star for an abnormal value.
  'deux-colonnes': { columns: 2, rangeBeforeUnit: true, flags: 'star', compress: false },
};

/** A report whose results lost their values in printing: fewer than four in five lines read. */
function damaged(): PrintedReport {
  return {
    ...REPORT,
    sections: REPORT.sections.map((section) => ({
      ...section,
      results: section.results.map((result, i) => (i % 2 === 0 ? { ...result, value: '' } : result)),
    })),
  };
}

export async function writeFixtures(): Promise<string[]> {
  const written: string[] = [];
  const write = (path: string, bytes: Uint8Array) => {
    writeFileSync(path, bytes);
    written.push(path);
  };
  for (const [name, layout] of Object.entries(layouts)) {
    write(join(PDF_FIXTURES, `${name}.pdf`), printLabReport(REPORT, { ...DEFAULT_LAYOUT, ...layout }));
  }
  write(join(PDF_FIXTURES, 'valeurs-manquantes.pdf'), printLabReport(damaged()));
  // A prescription is a PDF, but no lab report: no reader takes it.
  write(
    join(PDF_FIXTURES, 'ordonnance.pdf'),
    writePdf([
      [
        { x: 40, y: 60, text: 'Dr Julien ABADIE — médecine générale', size: 12, bold: true },
        { x: 40, y: 100, text: 'Ordonnance du 11/06/2025', size: 10 },
        { x: 40, y: 130, text: 'Mme Odile MARCHETTI', size: 10 },
        {
          x: 40,
          y: 170,
          text: 'Fer (sulfate ferreux) 80 mg : un comprimé par jour pendant trois mois.',
          size: 10,
        },
      ],
    ]),
  );

  // The CDA lab report fixture, printed as its lab would print it.
  const { reading } = await readDocumentFile(
    readFileSync(join(CDA_FIXTURES, 'cr-bio-complet.xml')),
    'cr-bio-complet.xml',
  );
  if (!reading) throw new Error('the CDA fixture is not read');
  const printed = reportFromRecords(reading.records, {
    lab: 'Laboratoire des Tilleuls',
    birthDate: '12/04/1977',
  });
  write(
    join(PDF_FIXTURES, 'cda-imprime.pdf'),
    printLabReport(printed, { ...DEFAULT_LAYOUT, linesPerPage: 12 }),
  );

  // The CDA whose body is a PDF: that PDF is a lab report.
  const wrapped = join(CDA_FIXTURES, 'pdf-sans-corps-structure.xml');
  const pdf = Buffer.from(
    printLabReport({ ...REPORT, patient: 'M. Yanis BOUAZIZ', reportId: 'PDF-771' }),
  ).toString('base64');
  const xml = readFileSync(wrapped, 'utf8').replace(
    /(<text mediaType="application\/pdf" representation="B64">)[\s\S]*?(<\/text>)/,
    `$1\n${pdf.replace(/(.{76})/g, '$1\n')}\n      $2`,
  );
  writeFileSync(wrapped, xml);
  written.push(wrapped);
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void writeFixtures().then((files) => {
    for (const file of files) process.stdout.write(`écrit : ${file}\n`);
  });
}

/**
 * Reading documents, as the dashboard does when it reads a saved or brought file: a CR-BIO lab
 * report of 200 results (CDA R2), and a 10-page PDF lab report; against the bare parse of the
 * same bytes in the same page (DOMParser; pdf.js's text extraction). Target ≤ 1.5×: what the
 * readers add to the parse. Runs in an extension page, pdf.js's worker the extension's own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { alternate, type Repeat } from './capture';
import { paired, type Figure } from './figure';
import type { Session } from './session';
import { printLabReport, type PrintedReport } from '../lab-report-pdf';

const DOCUMENT_MAX_RATIO = 1.5;
const CDA_RESULTS = 200;
const PDF_PAGES = 10;

/** A CR-BIO of `count` results, in batteries of ten, from the project's own fixture's header. */
export function benchCda(root: string, count = CDA_RESULTS): string {
  const fixture = readFileSync(join(root, 'scrapers/cda/fixtures/cr-bio-complet.xml'), 'utf8');
  const head = fixture.slice(0, fixture.indexOf('<component>\n    <structuredBody>'));
  const observation = (i: number) => `
                <component>
                  <observation classCode="OBS" moodCode="EVN">
                    <code code="${1000 + i}-${i % 10}" codeSystem="2.16.840.1.113883.6.1" displayName="Analyse ${i}"/>
                    <statusCode code="completed"/>
                    <effectiveTime value="20251014081000+0200"/>
                    <value xsi:type="PQ" value="${(i * 1.37).toFixed(2)}" unit="mmol/L"/>
                    <interpretationCode code="${i % 7 === 0 ? 'H' : 'N'}" codeSystem="2.16.840.1.113883.5.83"/>
                    <referenceRange><observationRange><value xsi:type="IVL_PQ"><low value="1" unit="mmol/L"/><high value="${i + 2}" unit="mmol/L"/></value></observationRange></referenceRange>
                  </observation>
                </component>`;
  const batteries = Array.from(
    { length: count / 10 },
    (_, b) => `
          <entry>
            <act classCode="ACT" moodCode="EVN">
              <code code="18719-5" codeSystem="2.16.840.1.113883.6.1"/>
              <statusCode code="completed"/>
              <entryRelationship typeCode="COMP">
                <organizer classCode="BATTERY" moodCode="EVN">
                  <code code="BAT${b}" codeSystem="1.2.250.1.999.1.4.9" displayName="Bilan ${b}"/>
                  <statusCode code="completed"/>
                  <effectiveTime value="20251014081000+0200"/>${Array.from({ length: 10 }, (_, i) => observation(b * 10 + i)).join('')}
                </organizer>
              </entryRelationship>
            </act>
          </entry>`,
  ).join('');
  return `${head}<component>
    <structuredBody>
      <component>
        <section>
          <code code="18719-5" codeSystem="2.16.840.1.113883.6.1" displayName="Biochimie"/>
          <title>Biochimie</title>
          <text><paragraph>Résultats.</paragraph></text>${batteries}
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>
`;
}

/** A lab report that prints on `pages` pages of 40 lines. */
export function benchPdf(pages = PDF_PAGES): Uint8Array {
  const sections = Array.from({ length: pages * 4 }, (_, s) => ({
    title: `Section ${s + 1}`,
    results: Array.from({ length: 9 }, (_, i) => ({
      analyte: `Analyse ${s * 9 + i + 1}`,
      value: `${((s * 9 + i) * 1.3).toFixed(1).replace('.', ',')}`,
      unit: 'g/L',
      range: '1,0 - 9,0',
      flag: i % 5 === 0 ? ('H' as const) : null,
      previous: '2,0',
    })),
  }));
  const report: PrintedReport = {
    lab: 'Laboratoire Bioclair',
    patient: 'Mme Odile MARCHETTI',
    birthDate: '03/02/1961',
    reportId: 'BANC-1',
    collectedDay: '11/06/2025',
    collectedTime: '07:45',
    prescriber: 'Dr Julien ABADIE',
    previousDay: '14/01/2025',
    sections,
  };
  return printLabReport(report, {
    columns: 1,
    rangeBeforeUnit: false,
    anteriority: true,
    flags: 'letter',
    linesPerPage: 40,
    compress: true,
  });
}

async function pageScript(root: string): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'tools/bench/in-page-documents.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export async function measureDocuments(
  session: Session,
  root: string,
  extensionDir: string,
  repeat: Repeat,
): Promise<Figure[]> {
  const page = session.extensionPage;
  const worker = readdirSync(join(extensionDir, 'assets')).find((file) => /^pdf\.worker.*\.mjs$/.test(file));
  if (!worker) throw new Error('the build has no pdf.js worker');
  // Evaluated through the DevTools protocol: an extension page runs no script of another origin.
  await page.evaluate(await pageScript(root));
  await page.evaluate(
    (url) =>
      (globalThis as unknown as { mdmsDocuments: { setWorker(url: string): void } }).mdmsDocuments.setWorker(
        url,
      ),
    `chrome-extension://${session.extensionId}/assets/${worker}`,
  );
  const documents = [
    {
      id: 'read-cda',
      label: `reading a ${CDA_RESULTS}-result CDA lab report`,
      format: 'xml' as const,
      base64: Buffer.from(benchCda(root)).toString('base64'),
      bare: 'DOMParser alone',
    },
    {
      id: 'read-pdf',
      label: `reading a ${PDF_PAGES}-page PDF lab report`,
      format: 'pdf' as const,
      base64: Buffer.from(benchPdf()).toString('base64'),
      bare: "pdf.js's text extraction alone",
    },
  ];
  const figures: Figure[] = [];
  for (const document of documents) {
    const product: number[] = [];
    const baseline: number[] = [];
    let records = 0;
    let pages = 0;
    await alternate(repeat, [
      async (measured) => {
        const run = await page.evaluate(
          (base64, format) =>
            (
              globalThis as unknown as {
                mdmsDocuments: { product(b: string, f: string): Promise<{ ms: number; records: number }> };
              }
            ).mdmsDocuments.product(base64, format),
          document.base64,
          document.format,
        );
        records = run.records;
        if (measured) product.push(run.ms);
      },
      async (measured) => {
        const run = await page.evaluate(
          (base64, format) =>
            (
              globalThis as unknown as {
                mdmsDocuments: { bare(b: string, f: string): Promise<{ ms: number; records: number }> };
              }
            ).mdmsDocuments.bare(base64, format),
          document.base64,
          document.format,
        );
        pages = run.records;
        if (measured) baseline.push(run.ms);
      },
    ]);
    figures.push(
      paired(
        {
          id: document.id,
          label: document.label,
          unit: 'ms',
          details: { records, ...(document.format === 'pdf' && { pages }) },
        },
        product,
        { label: document.bare, runs: baseline },
        DOCUMENT_MAX_RATIO,
      ),
    );
  }
  return figures;
}

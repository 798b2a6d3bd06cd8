/** The anonymised copy of the page the tester is on, ready to download as a fixture. */
import type { PageReport } from '../components/PageButton';
import type { ScrapedRecord } from '../storage/schemas';
import { anonymisePage } from './anonymise';

/** Record fields that name a person, a professional, a place of care or a shop. */
const PERSONAL_FIELDS = [
  'patient',
  'practitioner',
  'prescriber',
  'author',
  'provider',
  'performer',
  'pharmacy',
  'lab',
  'location',
] as const;

/** What the page's records say of people and places: scrubbed from the report wherever it shows. */
export function personalTexts(records: readonly ScrapedRecord[]): string[] {
  const texts = new Set<string>();
  for (const record of records) {
    for (const field of PERSONAL_FIELDS) {
      const value = (record as Partial<Record<(typeof PERSONAL_FIELDS)[number], unknown>>)[field];
      if (typeof value === 'string' && value.trim() !== '') texts.add(value);
    }
  }
  return [...texts];
}

function fileName(source: string, url: URL): string {
  const page = url.pathname.split('/').filter(Boolean).pop() ?? 'page';
  const safe = `${source}-${page}`.replace(/[^a-z0-9-]+/gi, '-').replace(/-+/g, '-');
  return `${safe}-anonymise-${new Date().toISOString().slice(0, 10)}.html`;
}

/** `records`: what the page's scraper read of it, if it could; their names are scrubbed too. */
export function buildPageReport(
  doc: Document,
  source: string,
  records: readonly ScrapedRecord[] = [],
): PageReport {
  const page = anonymisePage(doc, doc.location.href, undefined, personalTexts(records));
  // The first line tells a researcher's fixture runner which address the page is read as.
  const html = `<!-- url: ${page.url} -->\n${page.html}`;
  return {
    html: page.html,
    download: () => {
      const link = doc.createElement('a');
      link.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      link.download = fileName(source, new URL(doc.location.href));
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    },
  };
}

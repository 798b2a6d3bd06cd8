/**
 * Runs a scraper on a page and never throws: whatever happens, the caller gets the records it
 * may keep and problems written for the person who clicked "save".
 *
 * Validation against the spec's schemas is passed in (`storage/validate.ts`'s `validateRecords`)
 * rather than imported: the content script leaves it out, because the background validates every
 * record it receives anyway, and zod would triple the size of the script injected in every
 * portal page. The CLI and the fixture tests pass it.
 */
import type { Problem, ScrapedRecord, ScraperRef } from '../storage/schemas';
import { PageLayoutError, type Scraper } from './contract';
import { cleanText } from './helpers/text';

/** Splits records into the valid ones and one problem per refused record. */
export type RecordValidator = (
  records: readonly unknown[],
  options: { source: string },
) => { valid: ScrapedRecord[]; problems: Problem[] };

export type RunStatus = 'ok' | 'broken' | 'failed';

export interface RunResult {
  scraper: ScraperRef;
  /** Valid records in document order; always empty unless `status` is `ok`. */
  records: ScrapedRecord[];
  /** Rows the scraper could not read, records refused by the schemas, or why the page failed. */
  problems: Problem[];
  /** `broken`: the page is not in the shape the scraper knows; `failed`: the scraper crashed. */
  status: RunStatus;
}

/** The page's name for messages: its main heading, else its title, else its address. */
export function pageName(doc: Document, url: URL): string {
  const heading = cleanText(doc.querySelector('h1')?.textContent ?? '');
  const title = cleanText(doc.title ?? '');
  return heading || title || url.pathname;
}

export function runScraper(scraper: Scraper, doc: Document, url: URL, validate?: RecordValidator): RunResult {
  const ref: ScraperRef = { id: scraper.id, version: scraper.version };
  const reported: Problem[] = [];
  const ctx = { problem: (problem: Problem) => void reported.push(problem) };
  const who = `(${scraper.id} ${scraper.version})`;
  try {
    const output = scraper.scrape(doc, url, ctx);
    if (!validate) return { scraper: ref, records: output.records, problems: reported, status: 'ok' };
    const { valid, problems } = validate(output.records, { source: scraper.id });
    return { scraper: ref, records: valid, problems: [...reported, ...problems], status: 'ok' };
  } catch (error) {
    const name = pageName(doc, url);
    if (error instanceof PageLayoutError) {
      const message = `La page « ${name} » n'a pas la forme attendue ${who} : ${error.message}`;
      return {
        scraper: ref,
        records: [],
        problems: [...reported, { level: 'error', message }],
        status: 'broken',
      };
    }
    const problem: Problem = {
      level: 'error',
      message: `La lecture de la page « ${name} » a échoué ${who} : erreur inattendue du module de lecture, rien n'a été enregistré.`,
      detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
    return { scraper: ref, records: [], problems: [...reported, problem], status: 'failed' };
  }
}

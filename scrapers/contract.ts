/**
 * The contract every portal scraper follows: detect the page, then scrape it.
 *
 * A scraper is a pure function of the document and its URL. It never touches `browser.*`,
 * storage or the globals `document`/`window`/`location`: it reads the `doc` it is given, so the
 * same code runs in the content script, under vitest and in the Node CLI. What it needs beyond
 * the page is passed in `ctx`.
 */
import type { Problem, RecordKind, ScrapedRecord } from '../storage/schemas';
import type { ChannelScope } from './channels';

export interface ScrapeContext {
  /** Reports a row that could not be read; the other rows are kept. */
  problem(problem: Problem): void;
}

export interface ScrapeOutput {
  /** Records in document order, without `id` (the storage derives it). */
  records: ScrapedRecord[];
}

export interface ScraperDefinition {
  /** Portal id: the folder name under `scrapers/` and every record's `source`. */
  id: string;
  /** Semver; bump it whenever the output for the same page changes. */
  version: string;
  /** Name shown to people: "compte ameli (Assurance Maladie)". */
  label: string;
  /** What kind of holder the portal is. */
  kind: 'insurer' | 'mutuelle' | 'lab' | 'hospital' | 'national-record' | 'other';
  /** Match patterns of the portal's pages (they also become the content script's matches). */
  matches: string[];
  /** Which record kinds the scraper produces. */
  produces: RecordKind[];
  /** Cheap check: is this a page the scraper knows, with its content present? */
  detect(doc: Document, url: URL): boolean;
  /**
   * Reads the page. Throws `PageLayoutError` when the page is recognised but does not have the
   * expected structure: then nothing from the page is kept.
   */
  scrape(doc: Document, url: URL, ctx: ScrapeContext): ScrapeOutput;
  /**
   * For a portal that loads its data in the background: it declares its in-session requests in
   * `scrapers/<id>/channels.ts` (./channels.ts), and this says what they can do from this page,
   * `page` (what it shows, fully) and `all` ("Tout enregistrer"), or nothing (a saved copy,
   * another layout: the page is then read as it is shown). Cheap: it runs on every page.
   */
  scopes?(doc: Document, url: URL): ChannelScope[];
}

export type Scraper = Readonly<ScraperDefinition>;

export function defineScraper(definition: ScraperDefinition): Scraper {
  return Object.freeze({ ...definition });
}

/**
 * The page is the portal's, but not in the shape the scraper was written for (a column gone, a
 * block renamed). Its message is written for the person who clicked "save".
 */
export class PageLayoutError extends Error {
  override readonly name = 'PageLayoutError';
}

/**
 * The popup's side of the generic capture: read the tables of the active tab (under the activeTab
 * grant the toolbar click gives, so no host permission), then hand the chosen ones to the
 * background, which stores them.
 */
import { browser } from 'wxt/browser';
import { scrapersForUrl } from '../scrapers/registry';
import { outcomeOf, type CaptureOutcome } from './capture-outcome';
import { PageTables, type PageTable, type SaveCaptureResponse, type SaveTablesRequest } from './messages';

/** The reader bundled by entrypoints/page-tables.ts. */
const READER_FILE = '/page-tables.js';

export type TabTables =
  | { status: 'read'; page: PageTables; startedAt: string }
  /** The browser does not let extensions read it (its own pages, the web store, local files). */
  | { status: 'unreadable' }
  /** A supported portal's page: its scraper saves it, not the generic capture. */
  | { status: 'portal' };

export async function readTabTables(tabId: number): Promise<TabTables> {
  const startedAt = new Date().toISOString();
  let result: unknown;
  try {
    const [injection] = await browser.scripting.executeScript({ target: { tabId }, files: [READER_FILE] });
    result = injection?.result;
  } catch {
    return { status: 'unreadable' };
  }
  // The page's content is untrusted: only what fits the schema goes further.
  const parsed = PageTables.safeParse(result);
  if (!parsed.success) return { status: 'unreadable' };
  if (scrapersForUrl(new URL(parsed.data.url)).length > 0) return { status: 'portal' };
  return { status: 'read', page: parsed.data, startedAt };
}

export async function saveTables(
  page: PageTables,
  chosen: readonly PageTable[],
  startedAt: string,
): Promise<CaptureOutcome> {
  const request: SaveTablesRequest = {
    type: 'tables/save',
    url: page.url,
    title: page.title,
    startedAt,
    tables: [...chosen],
  };
  try {
    const response = (await browser.runtime.sendMessage(request)) as SaveCaptureResponse | undefined;
    return outcomeOf('ok', response ?? { ok: false, error: 'no-answer' });
  } catch {
    return outcomeOf('ok', { ok: false, error: 'no-answer' });
  }
}

/**
 * Export and import figures, driven through the dashboard's Export view like a person would, in
 * a tab of their own, each against a bare baseline run in the same freshly loaded view, the two
 * alternating (see capture.ts). Times are taken in Node, from the click (or the file's choice)
 * to the end the browser reports; the JS heap of the dashboard's page is sampled meanwhile.
 *
 * - export: the JSON archive of the product's database, click → download complete (DevTools'
 *   `Browser.downloadProgress`), against `getAll` + `JSON.stringify` + Blob + the same download.
 * - import: that file chosen → plan shown → confirmed → done, into an empty product database,
 *   against the file's text + `JSON.parse` + one-transaction `put` into a store with the
 *   product's key path and indexes.
 * - export scaling: the product's export of smaller archives, in ms per record.
 *
 * This file: the tab and the archive they share; the figures: transfer-export.ts, transfer-import.ts.
 */
import type { CDPSession, Page } from 'puppeteer-core';
import { dashboardUrl } from '../chromium';
import { benchArchive } from './archive-records';
import { firstScreen } from './dashboard';
import { watchDownloads, type Downloads } from './devtools';
import { watchScreen } from './in-page';
import { writeArchive, type ArchiveRows } from './in-page-archive';
import { emptyProductDatabase, PRODUCT_DB, type Session } from './session';

/** Records sent to the extension page per call while filling the database. */
const FILL_CHUNK = 5_000;
/** The longest an export's download, an import's plan or its apply may take. */
export const STEP_TIMEOUT_MS = 600_000;

/**
 * Recreates the product database (`emptyProductDatabase`) holding the first `count` records of
 * the bench archive, their captures and their counts, and nothing else.
 */
export async function fillProductArchive(
  session: Session,
  count: number,
): Promise<{ records: number; captures: number; ms: number }> {
  const started = Date.now();
  const archive = benchArchive(count);
  await emptyProductDatabase(session);
  for (let i = 0; i < archive.records.length; i += FILL_CHUNK) {
    const rows: ArchiveRows = {
      records: archive.records.slice(i, i + FILL_CHUNK),
      captures: i === 0 ? archive.captures : [],
      stats: i === 0 ? archive.stats : [],
    };
    await session.extensionPage.evaluate(writeArchive, PRODUCT_DB, rows);
  }
  return { records: archive.records.length, captures: archive.captures.length, ms: Date.now() - started };
}

/** The dashboard tab the figures drive, with its DevTools session and the downloads' watch. */
export interface TransferTab {
  tab: Page;
  cdp: CDPSession;
  downloads: Downloads;
  url: string;
  close(): Promise<void>;
}

export async function openTransferTab(session: Session): Promise<TransferTab> {
  const tab = await session.browser.newPage();
  await tab.evaluateOnNewDocument(watchScreen);
  const cdp = await tab.createCDPSession();
  const downloads = await watchDownloads(session.browser);
  return {
    tab,
    cdp,
    downloads,
    url: `${dashboardUrl(session.extensionId)}#/exporter`,
    close: async () => {
      await downloads.close();
      await cdp.detach().catch(() => undefined);
      await tab.close();
    },
  };
}

/** Loads the Export view afresh and waits for it to settle on `records` records. */
export async function exportView(transfer: TransferTab, records: number): Promise<void> {
  await transfer.tab.goto('about:blank');
  const screen = await firstScreen(transfer.tab, transfer.url);
  if (screen.count !== records) {
    throw new Error(`the dashboard shows ${screen.count} records, ${records} are stored`);
  }
  await transfer.tab.waitForSelector('[data-testid="export-submit"]');
}

/**
 * What the background does with a message. Everything that arrives is parsed before use: a
 * message names the portal it comes from, and it is only believed when the tab that sent it is
 * on that portal. The generic capture's tables are only taken from the extension's own popup.
 */
import { browser, type Browser } from 'wxt/browser';
import { scrapersForUrl } from '../scrapers/registry';
import type { MesDonneesDb } from '../storage/db';
import { lastDigest, saveUnchangedPage } from '../storage/pages';
import { saveCapture } from '../storage/save-capture';
import { writeErrorMessage } from '../storage/storage-errors';
import { unpackRecords } from '../lib/record-wire';
import { describeZodIssues, frenchErrorMap } from '../storage/validate';
import { knownFiles, storeFile } from '../storage/files';
import { fromBase64 } from '../storage/base64';
import { localToday } from '../lib/dates';
import { GENERIC_SOURCE, tableRowRecords, TABLES_READER, truncationProblems } from '../lib/table-records';
import {
  BackgroundRequest,
  MAX_RECORDS_PER_CAPTURE,
  type KnownFilesRequest,
  type KnownFilesResponse,
  type SaveCaptureRequest,
  type SaveCaptureResponse,
  type SaveFileRequest,
  type SaveFileResponse,
  type SaveTablesRequest,
  type UnchangedCaptureRequest,
  type UnchangedCaptureResponse,
  type LastDigestRequest,
  type LastDigestResponse,
  type LoadChannelsRequest,
  type LoadChannelsResponse,
} from '../lib/messages';
import { channelsScriptFile } from './portal-injection';

type Sender = Browser.runtime.MessageSender;

function senderPortal(sender: Sender): URL | null {
  if (sender.id !== browser.runtime.id || !sender.tab) return null;
  try {
    return new URL(sender.url ?? sender.tab.url ?? '');
  } catch {
    return null;
  }
}

const NOT_FROM_PORTAL = 'Message refusé : il ne vient pas d’une page de ce portail.';
const NOT_A_LIST = `Message invalide : les enregistrements ne sont pas une liste lisible d’au plus ${MAX_RECORDS_PER_CAPTURE} éléments.`;

/**
 * A handler's storage work answered: its result with `ok: true`, or, when storing failed, the
 * error's own words.
 */
async function answer<T extends object>(
  work: () => Promise<T>,
): Promise<({ ok: true } & T) | { ok: false; error: string }> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    return { ok: false, error: writeErrorMessage(error) };
  }
}

/** The page that sent the message, when it is a page of the portal `source` names. */
function portalPage(sender: Sender, source: string): URL | null {
  const page = senderPortal(sender);
  return page && scrapersForUrl(page).some((scraper) => scraper.id === source) ? page : null;
}

export async function handleSaveCapture(
  db: MesDonneesDb,
  request: SaveCaptureRequest,
  sender: Sender,
): Promise<SaveCaptureResponse> {
  if (!portalPage(sender, request.capture.source)) return { ok: false, error: NOT_FROM_PORTAL };
  const { digest, records: json, ...capture } = request.capture;
  const records = unpackRecords(json, MAX_RECORDS_PER_CAPTURE);
  if (!records) return { ok: false, error: NOT_A_LIST };
  const page = digest === undefined ? undefined : { digest, appVersion: appVersion() };
  return answer(async () => ({ capture: await saveCapture(db, { ...capture, records, page }) }));
}

export async function handleUnchangedCapture(
  db: MesDonneesDb,
  request: UnchangedCaptureRequest,
  sender: Sender,
): Promise<UnchangedCaptureResponse> {
  if (!portalPage(sender, request.capture.source)) return { ok: false, error: NOT_FROM_PORTAL };
  return answer(async () => ({
    capture: await saveUnchangedPage(db, { ...request.capture, appVersion: appVersion() }),
  }));
}

export async function handleLastDigest(
  db: MesDonneesDb,
  request: LastDigestRequest,
  sender: Sender,
): Promise<LastDigestResponse> {
  if (!portalPage(sender, request.source)) return { ok: false, error: NOT_FROM_PORTAL };
  return answer(async () => ({ digest: await lastDigest(db, request.source, request.url) }));
}

/** A page remembered by another version of the extension is read in full again. */
function appVersion(): string {
  return browser.runtime.getManifest().version;
}

export async function handleSaveFile(
  db: MesDonneesDb,
  request: SaveFileRequest,
  sender: Sender,
): Promise<SaveFileResponse> {
  const page = portalPage(sender, request.source);
  // A portal page may only hand over files of its own site.
  if (!page || new URL(request.url).origin !== page.origin) return { ok: false, error: NOT_FROM_PORTAL };
  return answer(async () => {
    const { fileId, sha256 } = await storeFile(db, {
      url: request.url,
      bytes: fromBase64(request.data),
    });
    return { fileId, sha256 };
  });
}

export async function handleKnownFiles(
  db: MesDonneesDb,
  request: KnownFilesRequest,
  sender: Sender,
): Promise<KnownFilesResponse> {
  if (!portalPage(sender, request.source)) return {};
  return knownFiles(db, request.source, request.urls);
}

const NOT_FROM_POPUP = 'Message refusé : seule la fenêtre de l’extension peut enregistrer des tableaux.';
const PORTAL_PAGE =
  'Tableaux refusés : cette page est celle d’un portail pris en charge, qui a son propre lecteur.';

/**
 * The popup, and nothing else: the tables must have been chosen by the person in the extension's
 * own window. The browser sets `sender.url` to the sending frame's address, so a content script
 * (whose frame is a web page) cannot pass for it.
 */
function fromOwnPopup(sender: Sender): boolean {
  return sender.id === browser.runtime.id && sender.url === browser.runtime.getURL('/popup.html');
}

export async function handleSaveTables(
  db: MesDonneesDb,
  request: SaveTablesRequest,
  sender: Sender,
  now: () => Date = () => new Date(),
): Promise<SaveCaptureResponse> {
  if (!fromOwnPopup(sender)) return { ok: false, error: NOT_FROM_POPUP };
  // A portal's pages keep their scraper: its records are richer than the rows of its tables.
  if (scrapersForUrl(new URL(request.url)).length > 0) return { ok: false, error: PORTAL_PAGE };
  return answer(async () => {
    const records = tableRowRecords(request.tables, request.url, localToday(now()));
    const capture = await saveCapture(
      db,
      {
        source: GENERIC_SOURCE,
        url: request.url,
        title: request.title,
        scraper: TABLES_READER,
        startedAt: request.startedAt,
        records,
        problems: truncationProblems(request.tables),
        // `date` is the day a row was first saved (lib/table-records.ts).
        keepStored: ['date'],
      },
      now,
    );
    return { capture };
  });
}

/**
 * Loads a channel portal's in-session requests into the page that asks, and only there: its own
 * frame, on that portal, for a portal that has them (its scraper declares `scopes`).
 */
export async function handleLoadChannels(
  request: LoadChannelsRequest,
  sender: Sender,
): Promise<LoadChannelsResponse> {
  const page = portalPage(sender, request.source);
  const portal = page && scrapersForUrl(page).find((scraper) => scraper.id === request.source);
  if (!portal?.scopes || sender.tab?.id === undefined) return { ok: false, error: NOT_FROM_PORTAL };
  try {
    await browser.scripting.executeScript({
      target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
      files: [channelsScriptFile(portal)],
    });
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      error: `le module du portail n’a pas pu être chargé (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

export async function handleMessage(db: MesDonneesDb, message: unknown, sender: Sender): Promise<unknown> {
  const parsed = BackgroundRequest.safeParse(message, { error: frenchErrorMap });
  if (!parsed.success) {
    return { ok: false, error: `Message invalide : ${describeZodIssues(parsed.error.issues)}` };
  }
  const request = parsed.data;
  switch (request.type) {
    case 'capture/save':
      return handleSaveCapture(db, request, sender);
    case 'capture/unchanged':
      return handleUnchangedCapture(db, request, sender);
    case 'capture/last-digest':
      return handleLastDigest(db, request, sender);
    case 'file/save':
      return handleSaveFile(db, request, sender);
    case 'file/known':
      return handleKnownFiles(db, request, sender);
    case 'tables/save':
      return handleSaveTables(db, request, sender);
    case 'channels/load':
      return handleLoadChannels(request, sender);
    case 'dashboard/open':
      await browser.tabs.create({
        url: browser.runtime.getURL('/dashboard.html') + (request.hash ? `#${request.hash}` : ''),
      });
      return { ok: true };
  }
}

/**
 * What the content script does on a portal page, apart from drawing: wait until a scraper
 * recognises the page, read it, and hand the records to the background.
 */
import { browser } from 'wxt/browser';
import type { Scraper } from '../scrapers/contract';
import { detectAmong } from '../scrapers/match';
import { runScraper } from '../scrapers/runner';
import { sha256Hex } from '../storage/files';
import type { ScrapedRecord } from '../storage/schemas';
import { outcomeOf, type CaptureOutcome } from '../lib/capture-outcome';
import { toBase64 } from '../storage/base64';
import { attachFiles, type DownloadedFile, type FileDeps } from './documents';
import type {
  KnownFilesResponse,
  LastDigestRequest,
  LastDigestResponse,
  SaveCaptureRequest,
  SaveCaptureResponse,
  SaveFileRequest,
  SaveFileResponse,
  UnchangedCaptureRequest,
  UnchangedCaptureResponse,
} from '../lib/messages';
import { fetchPortalFile } from './page-fetch';
import { packRecords } from '../lib/record-wire';

export interface WaitOptions {
  /** Give up after this long: a page that never shows its data gets no button. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Resolves with the first of `candidates` that recognises the page, as soon as one does. Pages
 * that draw their content after load (SPA) are watched with a MutationObserver until the time
 * limit.
 */
export function waitForScraper(
  candidates: readonly Scraper[],
  doc: Document,
  url: URL,
  options: WaitOptions,
): Promise<Scraper | null> {
  const findScraper = (d: Document, u: URL) => detectAmong(candidates, d, u);
  const now = findScraper(doc, url);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    let scheduled = false;
    const finish = (scraper: Scraper | null) => {
      observer.disconnect();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(scraper);
    };
    const onAbort = () => finish(null);
    // Mutations come in bursts while a page renders: check once per burst, not once per node.
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        const scraper = findScraper(doc, url);
        if (scraper) finish(scraper);
      }, 50);
    });
    const timer = setTimeout(() => finish(findScraper(doc, url)), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort);
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  });
}

/** A page as read for a save: what the background stores, before the records become JSON. */
export interface ReadPage {
  status: 'ok' | 'broken' | 'failed';
  capture: Omit<SaveCaptureRequest['capture'], 'records' | 'digest'>;
  records: ScrapedRecord[];
}

/** Reads the page as it is now. */
export function readPage(scraper: Scraper, doc: Document, url: URL): ReadPage {
  const startedAt = new Date().toISOString();
  const run = runScraper(scraper, doc, url);
  return {
    status: run.status,
    capture: {
      source: scraper.id,
      url: url.href,
      title: doc.title.slice(0, 1_000),
      scraper: run.scraper,
      startedAt,
      problems: run.problems,
    },
    // A page that is not in the expected shape keeps nothing: the capture only says why.
    records: run.status === 'ok' ? run.records : [],
  };
}

/** How the content script talks to the background about files. */
function fileDeps(
  source: string,
  onProgress: (done: number, total: number) => void,
  download: (url: URL) => Promise<DownloadedFile>,
): FileDeps {
  return {
    known: async (urls) =>
      ((await browser.runtime.sendMessage({ type: 'file/known', source, urls })) as KnownFilesResponse) ?? {},
    download,
    store: async (url, file) => {
      const request: SaveFileRequest = {
        type: 'file/save',
        source,
        url: url.href,
        data: toBase64(file.bytes),
      };
      const response = (await browser.runtime.sendMessage(request)) as SaveFileResponse | undefined;
      if (!response?.ok) throw new Error(response?.error ?? 'l’extension n’a pas répondu');
      return { fileId: response.fileId, sha256: response.sha256 };
    },
    onProgress,
  };
}

/** How a save gets its documents' files: by default, a download of each link in the session. */
export interface SaveOptions {
  onFiles?: (done: number, total: number) => void;
  hints?: DigestHints;
  download?: (url: URL) => Promise<DownloadedFile>;
}

/** One save of one page, read as it is now: see `saveRead`. */
export function capturePage(
  scraper: Scraper,
  doc: Document,
  url: URL,
  options: SaveOptions = {},
): Promise<CaptureOutcome> {
  return saveRead(readPage(scraper, doc, url), url, options);
}

/**
 * Stores what was read (a page, or the answers of its in-session requests): save the files of
 * its documents, then hand everything to the background, which stores the records and the
 * capture in one transaction. The records go as one packed JSON text (../lib/record-wire.ts):
 * messages are JSON anyway, and one string crosses to the background several times faster than
 * 2 000 objects. Its digest lets the background skip a page saved unchanged before.
 */
export async function saveRead(read: ReadPage, url: URL, options: SaveOptions = {}): Promise<CaptureOutcome> {
  const { status, capture, records } = read;
  const source = capture.source;
  const hints = options.hints ?? digestHints();
  // Known already, or asked before the page is read and answered while it is: a first save, or a
  // page that changed, then sends its records without asking first whether they changed.
  const last = hints.take(source, url);
  if (status === 'ok') {
    const download = options.download ?? ((file: URL) => fetchPortalFile(file));
    const deps = fileDeps(source, options.onFiles ?? (() => {}), download);
    capture.problems.push(...(await attachFiles(records, url, deps)));
  }
  const json = packRecords(records);
  // A page that could not be read is saved as it is: only its problems, nothing to compare.
  const digest =
    status === 'ok'
      ? await sha256Hex(new TextEncoder().encode(JSON.stringify([capture.scraper, capture.problems]) + json))
      : undefined;
  const { problems: _problems, ...page } = capture;
  const previous = await last;
  // `undefined`: the background could not say; then it is asked.
  const mayBeUnchanged = digest !== undefined && (previous === undefined || previous === digest);
  const unchanged = mayBeUnchanged
    ? await sendUnchanged({ type: 'capture/unchanged', capture: { ...page, digest } })
    : null;
  const response =
    unchanged ??
    (await sendCapture({ type: 'capture/save', capture: { ...capture, records: json, digest } }));
  if (response.ok && digest !== undefined) hints.learn(source, url, digest);
  return outcomeOf(status, response);
}

/**
 * What a page knows of its pages' last-save digests before a save asks: fetched when its button
 * appears (so the first click waits for nothing), then learnt from each save. Hints only: a stale
 * one costs a question or sends the records, never a wrong save (`capture/unchanged` checks).
 */
export interface DigestHints {
  /** Asks now for the page's digest, for its next save. */
  prefetch(source: string, url: URL): void;
  /** The digest for a save starting now, asked for if not known; forgotten once taken. */
  take(source: string, url: URL): Promise<string | null | undefined>;
  learn(source: string, url: URL, digest: string): void;
}

export function digestHints(): DigestHints {
  const known = new Map<string, Promise<string | null | undefined>>();
  const key = (source: string, url: URL) => JSON.stringify([source, url.href]);
  const ask = (source: string, url: URL) =>
    askLastDigest({ type: 'capture/last-digest', source, url: url.href });
  return {
    prefetch: (source, url) => void known.set(key(source, url), ask(source, url)),
    take(source, url) {
      const hint = known.get(key(source, url));
      known.delete(key(source, url));
      return hint ?? ask(source, url);
    },
    learn: (source, url, digest) => void known.set(key(source, url), Promise.resolve(digest)),
  };
}

/** The digest of the page's last save, null if it has none, undefined if the question failed. */
async function askLastDigest(request: LastDigestRequest): Promise<string | null | undefined> {
  try {
    const response = (await browser.runtime.sendMessage(request)) as LastDigestResponse | undefined;
    return response?.ok ? response.digest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saves the page without sending its records when the background finds it unchanged since its
 * last save; null when the records must be sent (or the question could not be asked).
 */
async function sendUnchanged(request: UnchangedCaptureRequest): Promise<SaveCaptureResponse | null> {
  try {
    const response = (await browser.runtime.sendMessage(request)) as UnchangedCaptureResponse | undefined;
    return response?.ok && response.capture ? { ok: true, capture: response.capture } : null;
  } catch {
    return null;
  }
}

export async function sendCapture(request: SaveCaptureRequest): Promise<SaveCaptureResponse> {
  try {
    const response = (await browser.runtime.sendMessage(request)) as SaveCaptureResponse | undefined;
    return response ?? { ok: false, error: 'no-answer' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

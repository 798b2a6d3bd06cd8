/**
 * Messages between the content script, the popup and the background. Whatever arrives is
 * untrusted until parsed here: the background parses every request with these schemas.
 * The content script imports only the types, so zod stays out of its bundle.
 */
import { z } from 'zod';
import { MAX_FILE_BYTES } from '../storage/files';
import { LIMITS } from '../storage/limits';
import { type Capture, normalizeSpace, Problem, type RecordKind, ScraperRef } from '../storage/schemas';
import { TABLE_LIMITS } from '../content/table-reader';

export const MAX_RECORDS_PER_CAPTURE = LIMITS.recordsPerCapture.value;
export const MAX_RECORDS_JSON_LENGTH = LIMITS.recordsMessageChars.value;

/** What a save says about the page, records aside. */
const capturedPage = {
  source: z.string().min(1).max(64),
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().max(1_000),
  scraper: ScraperRef,
  startedAt: z.iso.datetime({ offset: true }),
  /** SHA-256 (hex) of the records and problems the page sends: see storage/pages.ts. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
};

export const SaveCaptureRequest = z.strictObject({
  type: z.literal('capture/save'),
  capture: z.strictObject({
    ...capturedPage,
    digest: capturedPage.digest.optional(),
    /**
     * The records as packed JSON text (./record-wire.ts), read by the background; each is then
     * checked one by one by saveCapture, which refuses the invalid ones alone.
     */
    records: z.string().max(MAX_RECORDS_JSON_LENGTH),
    problems: z.array(Problem).max(10_000),
  }),
});
export type SaveCaptureRequest = z.infer<typeof SaveCaptureRequest>;

/**
 * Asked before sending a page's records: when the page gives what it gave at its last save and
 * nothing touched those records since, the background writes the capture and answers with it;
 * otherwise it answers `capture: null` and the page sends `capture/save`.
 */
export const UnchangedCaptureRequest = z.strictObject({
  type: z.literal('capture/unchanged'),
  capture: z.strictObject(capturedPage),
});
export type UnchangedCaptureRequest = z.infer<typeof UnchangedCaptureRequest>;
export type UnchangedCaptureResponse = { ok: true; capture: Capture | null } | { ok: false; error: string };

/**
 * Asked as a save starts, while the page is being read: the digest of the page's last save, or
 * null. A page saved for the first time, or changed since, then sends its records at once rather
 * than asking `capture/unchanged` first; the same digest is only a hint, which `capture/unchanged`
 * checks against everything else in its own transaction.
 */
export const LastDigestRequest = z.strictObject({
  type: z.literal('capture/last-digest'),
  source: z.string().min(1).max(64),
  url: z.url({ protocol: /^https?$/ }),
});
export type LastDigestRequest = z.infer<typeof LastDigestRequest>;
export type LastDigestResponse = { ok: true; digest: string | null } | { ok: false; error: string };

/** A document file downloaded by the content script, as base64 (messages carry JSON). */
export const SaveFileRequest = z.strictObject({
  type: z.literal('file/save'),
  source: z.string().min(1).max(64),
  url: z.url({ protocol: /^https?$/ }),
  data: z.base64().max(Math.ceil(MAX_FILE_BYTES / 3) * 4 + 4),
});
export type SaveFileRequest = z.infer<typeof SaveFileRequest>;
export type SaveFileResponse = { ok: true; fileId: string; sha256: string } | { ok: false; error: string };

export const KnownFilesRequest = z.strictObject({
  type: z.literal('file/known'),
  source: z.string().min(1).max(64),
  urls: z.array(z.url({ protocol: /^https?$/ })).max(10_000),
});
export type KnownFilesRequest = z.infer<typeof KnownFilesRequest>;
export type KnownFilesResponse = Record<string, { fileId: string; sha256: string }>;

/** A channel portal's page asks for its in-session requests' script, at the person's first save. */
export const LoadChannelsRequest = z.strictObject({
  type: z.literal('channels/load'),
  source: z.string().min(1).max(64),
});
export type LoadChannelsRequest = z.infer<typeof LoadChannelsRequest>;
export type LoadChannelsResponse = { ok: true } | { ok: false; error: string };

export const OpenDashboardRequest = z.strictObject({
  type: z.literal('dashboard/open'),
  hash: z.string().max(200).optional(),
});
export type OpenDashboardRequest = z.infer<typeof OpenDashboardRequest>;

/** Text as the table reader gives it: normalised, never longer than its limit. */
const tableText = z
  .string()
  .max(TABLE_LIMITS.textLength)
  .refine((text) => normalizeSpace(text) === text, { message: 'texte non normalisé (espaces)' });

/** One table read from a page by content/table-reader.ts: plain strings, checked before any use. */
export const PageTable = z
  .strictObject({
    name: tableText.min(1),
    headers: z.array(tableText.min(1)).min(1).max(TABLE_LIMITS.columns),
    rows: z.array(z.array(tableText).max(TABLE_LIMITS.columns)).min(1).max(TABLE_LIMITS.rowsPerTable),
    rowCount: z.number().int().nonnegative(),
    truncated: z.boolean(),
    hidden: z.boolean(),
  })
  .refine((table) => new Set(table.headers).size === table.headers.length, {
    message: 'deux colonnes portent le même nom',
  })
  .refine((table) => table.rows.every((row) => row.length === table.headers.length), {
    message: 'une ligne n’a pas autant de cellules que de colonnes',
  })
  .refine((table) => table.rowCount >= table.rows.length, { message: 'nombre de lignes incohérent' });
export type PageTable = z.infer<typeof PageTable>;

/** What the injected reader returns: the page's address and title, and its tables. */
export const PageTables = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().max(1_000),
  tables: z.array(PageTable).max(TABLE_LIMITS.tables),
  truncated: z.boolean(),
});
export type PageTables = z.infer<typeof PageTables>;

/** The tables the person chose in the popup, to be kept as `table-row` records. */
export const SaveTablesRequest = z.strictObject({
  type: z.literal('tables/save'),
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().max(1_000),
  startedAt: z.iso.datetime({ offset: true }),
  tables: z.array(PageTable).min(1).max(TABLE_LIMITS.tables),
});
export type SaveTablesRequest = z.infer<typeof SaveTablesRequest>;

export const BackgroundRequest = z.discriminatedUnion('type', [
  SaveCaptureRequest,
  UnchangedCaptureRequest,
  LastDigestRequest,
  SaveFileRequest,
  KnownFilesRequest,
  LoadChannelsRequest,
  OpenDashboardRequest,
  SaveTablesRequest,
]);
export type BackgroundRequest = z.infer<typeof BackgroundRequest>;

export type SaveCaptureResponse = { ok: true; capture: Capture } | { ok: false; error: string };

/** Asked by the popup of the content script of the active tab. */
export type PageRequest = { type: 'page/status' } | { type: 'page/save' } | { type: 'page/report' };

export interface PageStatus {
  /** waiting: the page may still draw its data; ready: a scraper recognised it. */
  state: 'waiting' | 'ready' | 'unsupported';
  scraper: { id: string; version: string; label: string } | null;
  /** The last save made from this page since it was loaded, if any. */
  lastCapture: Capture | null;
  /**
   * What the page holds now, read by its scraper without saving (before the background's
   * validation): records per kind, and whether the page could be read. `null` until recognised.
   */
  contents: { status: 'ok' | 'broken' | 'failed'; counts: Partial<Record<RecordKind, number>> } | null;
}

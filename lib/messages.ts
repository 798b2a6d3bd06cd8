/**
 * Messages between the content script, the popup and the background. Whatever arrives is
 * untrusted until parsed here: the background parses every request with these schemas.
 * The content script imports only the types, so zod stays out of its bundle.
 */
import { z } from 'zod';
import { type Capture, Problem, ScraperRef } from '../storage/schemas';

export const MAX_RECORDS_PER_CAPTURE = 50_000;

export const SaveCaptureRequest = z.strictObject({
  type: z.literal('capture/save'),
  capture: z.strictObject({
    source: z.string().min(1).max(64),
    url: z.url({ protocol: /^https?$/ }),
    title: z.string().max(1_000),
    scraper: ScraperRef,
    startedAt: z.iso.datetime({ offset: true }),
    // Each record is checked one by one by saveCapture, which refuses the invalid ones alone.
    records: z.array(z.unknown()).max(MAX_RECORDS_PER_CAPTURE),
    problems: z.array(Problem).max(10_000),
  }),
});
export type SaveCaptureRequest = z.infer<typeof SaveCaptureRequest>;

export const OpenDashboardRequest = z.strictObject({
  type: z.literal('dashboard/open'),
  hash: z.string().max(200).optional(),
});
export type OpenDashboardRequest = z.infer<typeof OpenDashboardRequest>;

export const BackgroundRequest = z.discriminatedUnion('type', [SaveCaptureRequest, OpenDashboardRequest]);
export type BackgroundRequest = z.infer<typeof BackgroundRequest>;

export type SaveCaptureResponse = { ok: true; capture: Capture } | { ok: false; error: string };

/** Asked by the popup of the content script of the active tab. */
export type PageRequest = { type: 'page/status' } | { type: 'page/save' };

export interface PageStatus {
  /** waiting: the page may still draw its data; ready: a scraper recognised it. */
  state: 'waiting' | 'ready' | 'unsupported';
  scraper: { id: string; version: string; label: string } | null;
  /** The last save made from this page since it was loaded, if any. */
  lastCapture: Capture | null;
}

/**
 * How a portal page's script reaches its in-session requests once they are loaded (./channel-entry.ts
 * puts them there): a name in the extension's isolated world, which the page's own scripts
 * cannot see. Kept apart so that the page script carries none of the requests' code.
 */
import type { ChannelScope } from '../scrapers/channels';
import type { Scraper } from '../scrapers/contract';
import type { CaptureOutcome } from '../lib/capture-outcome';
import type { ChannelProgress } from './channel-runner';
import type { DigestHints } from './page-capture';
import { CHANNELS_MARK } from './injection-mark';

export interface ChannelSaveRequest {
  scraper: Scraper;
  doc: Document;
  url: URL;
  scope: ChannelScope;
  onProgress(progress: ChannelProgress): void;
  signal: AbortSignal;
  hints: DigestHints;
}

/** A channel portal's save, as its second script hands it over. */
export type ChannelSave = (request: ChannelSaveRequest) => Promise<CaptureOutcome>;

/** The loaded saves, by portal id. */
export function loadedSaves(): Record<string, ChannelSave> {
  const holder = globalThis as Record<string, unknown>;
  return (holder[CHANNELS_MARK] ??= {}) as Record<string, ChannelSave>;
}

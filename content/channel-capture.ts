/**
 * A save through the portal's in-session requests: the runner reads (./channel-runner.ts), then
 * the capture is stored as a page's would be (./page-capture.ts), all of it or nothing. A run
 * that lost items is stored with what it read and says « partiel »; a run the session or the
 * portal stopped stores only why (so the Sources view shows the failure); a cancelled one
 * stores nothing.
 */
import type { ChannelScope, PortalChannels } from '../scrapers/channels';
import type { Scraper } from '../scrapers/contract';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { openChannels, type AnswerCache, type ChannelProgress } from './channel-runner';
import { saveRead, type DigestHints } from './page-capture';
import { fetchPortalFile, pageFetch } from './page-fetch';

export interface ChannelSaveOptions {
  onProgress(progress: ChannelProgress): void;
  signal: AbortSignal;
  /** Answers kept in this page for a retry. */
  cache: AnswerCache;
  hints: DigestHints;
  parseHtml(html: string): Document;
  fetch?: typeof fetch;
}

export async function captureChannels(
  scraper: Scraper,
  channels: Readonly<PortalChannels>,
  doc: Document,
  url: URL,
  scope: ChannelScope,
  options: ChannelSaveOptions,
): Promise<CaptureOutcome> {
  const doFetch = options.fetch ?? pageFetch();
  const startedAt = new Date().toISOString();
  const session = openChannels(
    channels,
    { doc, url },
    { fetch: doFetch, parseHtml: options.parseHtml, signal: options.signal, onProgress: options.onProgress },
    options.cache,
  );
  const run = await session.run(scope);
  const summary = {
    status: run.status,
    missing: run.missing,
    code: run.error?.code ?? null,
    requests: run.requests,
  };
  if (run.status === 'cancelled') {
    return { status: 'error', capture: null, error: 'cancelled', channel: summary };
  }
  const read = {
    status: run.status === 'failed' ? ('failed' as const) : ('ok' as const),
    capture: {
      source: scraper.id,
      url: url.href,
      title: doc.title.slice(0, 1_000),
      scraper: { id: scraper.id, version: scraper.version },
      startedAt,
      problems: run.problems,
    },
    records: run.status === 'failed' ? [] : run.records,
  };
  // Files the portal serves inside its answers come through its own request; others are links.
  const download = async (file: URL) => {
    const own = session.file(file);
    return own ? { bytes: await own } : fetchPortalFile(file, doFetch);
  };
  const outcome = await saveRead(read, url, {
    onFiles: (done, total) => options.onProgress({ step: 'files', done, total }),
    hints: options.hints,
    download,
  });
  if (run.status === 'failed' && outcome.status !== 'error') {
    return { ...outcome, status: 'error', error: run.error?.message ?? null, channel: summary };
  }
  return { ...outcome, channel: summary };
}

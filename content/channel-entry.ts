/**
 * The other half of a channel portal's content script: loaded into the page only when the
 * person asks for a save (entrypoints/<id>-channels.content.ts, injected by the background on
 * the page script's request), it hands the page script its save through the portal's requests.
 * Both run in the extension's isolated world: the page's own scripts can neither see nor call it.
 */
import type { PortalChannels } from '../scrapers/channels';
import { captureChannels } from './channel-capture';
import { loadedSaves } from './channel-hook';
import { AnswerCache } from './channel-runner';

export function exposeChannels(channels: Readonly<PortalChannels>): void {
  // Answers that never change, kept while the page is open: a retry asks only for what is missing.
  const cache = new AnswerCache();
  const parseHtml = (html: string) => new DOMParser().parseFromString(html, 'text/html');
  loadedSaves()[channels.id] = ({ scraper, doc, url, scope, onProgress, signal, hints }) =>
    captureChannels(scraper, channels, doc, url, scope, { onProgress, signal, cache, hints, parseHtml });
}

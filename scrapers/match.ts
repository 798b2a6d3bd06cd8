/**
 * Which scraper a URL and a page belong to, without importing any scraper: the content script of
 * one portal carries only that portal's scraper and these few functions.
 */
import type { Scraper } from './contract';

/**
 * WebExtension match pattern (`<scheme>://<host><path>`, `*` wildcards, or `<all_urls>`), as
 * browsers apply them: `*` scheme is http or https, `*.host` also matches `host` itself, and the
 * path glob is matched against path and query.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Match_patterns
 */
const PATTERN = /^(\*|https?|file|ftp|wss?):\/\/(\*|\*\.[^/*]+|[^/*]+)?(\/.*)$/;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Whether `url` matches one match pattern; throws on a malformed pattern (a scraper bug). */
export function matchesPattern(pattern: string, url: URL): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (pattern === '<all_urls>') return ['http', 'https', 'file', 'ftp', 'ws', 'wss'].includes(scheme);
  const parts = PATTERN.exec(pattern);
  if (!parts) throw new Error(`Motif d'URL invalide : ${pattern}`);
  const [, patternScheme = '', host = '', path = '/'] = parts;
  if (patternScheme === '*' ? scheme !== 'http' && scheme !== 'https' : scheme !== patternScheme)
    return false;
  // A pattern without a port matches every port (the demo serves the portals on one); with a
  // port, only that one, as Chrome does.
  const [hostPattern = '', port] = host.split(':');
  if (port !== undefined && port !== url.port) return false;
  return (
    hostMatches(hostPattern, url.hostname.toLowerCase()) && globToRegExp(path).test(url.pathname + url.search)
  );
}

function hostMatches(host: string, hostname: string): boolean {
  if (host.startsWith('*.')) {
    const base = host.slice(2).toLowerCase();
    return hostname === base || hostname.endsWith(`.${base}`);
  }
  return host === '*' || host.toLowerCase() === hostname;
}

/** Whether the URL is one of the scraper's pages. */
export function matchesUrl(scraper: Scraper, url: URL): boolean {
  return scraper.matches.some((pattern) => matchesPattern(pattern, url));
}

/**
 * The first of `candidates` that matches the URL and recognises the page now; null when none does
 * yet (an SPA may draw its content later: call again after the page changes).
 */
export function detectAmong(candidates: readonly Scraper[], doc: Document, url: URL): Scraper | null {
  for (const scraper of candidates) {
    if (!matchesUrl(scraper, url)) continue;
    try {
      if (scraper.detect(doc, url)) return scraper;
    } catch {
      // A detect that throws on a half-drawn page has simply not recognised it yet.
    }
  }
  return null;
}

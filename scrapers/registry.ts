/**
 * Every supported portal, one line each. A scraper not listed here never runs: the consistency
 * test (registry.test.ts) fails when a scraper folder is missing from this list.
 */
import ameli from './ameli';
import type { Scraper } from './contract';
import espaceSante from './espace-sante';
import hopital from './hopital';
import labo from './labo';
import mgen from './mgen';
import mychart from './mychart';

export const scrapers: readonly Scraper[] = [ameli, mgen, labo, hopital, espaceSante, mychart];

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

/** The scrapers whose patterns match the URL (the page may still not be one they read). */
export function scrapersForUrl(url: URL): Scraper[] {
  return scrapers.filter((scraper) => matchesUrl(scraper, url));
}

/**
 * The first scraper that matches the URL and recognises the page now; null when none does yet
 * (an SPA may draw its content later: call again after the page changes).
 */
export function findScraper(doc: Document, url: URL): Scraper | null {
  for (const scraper of scrapersForUrl(url)) {
    try {
      if (scraper.detect(doc, url)) return scraper;
    } catch {
      // A detect that throws on a half-drawn page has simply not recognised it yet.
    }
  }
  return null;
}

/** The scraper with this id, or null. */
export function scraperById(id: string): Scraper | null {
  return scrapers.find((scraper) => scraper.id === id) ?? null;
}

/** Every scraper's patterns, once each: the content script's `matches`. */
export function allMatchPatterns(): string[] {
  return [...new Set(scrapers.flatMap((scraper) => scraper.matches))];
}

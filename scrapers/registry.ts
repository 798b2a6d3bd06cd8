/**
 * Every supported portal, one line each. A scraper not listed here never runs: the consistency
 * test (registry.test.ts) fails when a scraper folder is missing from this list.
 */
import ameli from './ameli';
import type { Scraper } from './contract';
import espaceSante from './espace-sante';
import hopital from './hopital';
import labo from './labo';
import { detectAmong, matchesUrl } from './match';
import mgen from './mgen';
import mychart from './mychart';

export { matchesPattern, matchesUrl } from './match';

export const scrapers: readonly Scraper[] = [ameli, mgen, labo, hopital, espaceSante, mychart];

/** The scrapers whose patterns match the URL (the page may still not be one they read). */
export function scrapersForUrl(url: URL): Scraper[] {
  return scrapers.filter((scraper) => matchesUrl(scraper, url));
}

/**
 * The first scraper that matches the URL and recognises the page now; null when none does yet
 * (an SPA may draw its content later: call again after the page changes).
 */
export function findScraper(doc: Document, url: URL): Scraper | null {
  return detectAmong(scrapers, doc, url);
}

/** The scraper with this id, or null. */
export function scraperById(id: string): Scraper | null {
  return scrapers.find((scraper) => scraper.id === id) ?? null;
}

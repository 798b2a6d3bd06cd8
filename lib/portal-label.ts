/** A portal's name as people know it, from its scraper; the id when no scraper knows it any more. */
import { scrapers } from '../scrapers/registry';

const labels = new Map(scrapers.map((scraper) => [scraper.id, scraper.label]));

export function portalLabel(source: string): string {
  return labels.get(source) ?? source;
}

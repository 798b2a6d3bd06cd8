/** A portal's name as people know it, from its scraper; the id when no scraper knows it any more. */
import { scrapers } from '../scrapers/registry';
import { t } from './i18n';
import { GENERIC_SOURCE } from './table-records';

const labels = new Map(scrapers.map((scraper) => [scraper.id, scraper.label]));

export function portalLabel(source: string): string {
  // The generic capture is no portal: its rows come from any site, each with its page's address.
  if (source === GENERIC_SOURCE) return t('genericSourceLabel');
  return labels.get(source) ?? source;
}

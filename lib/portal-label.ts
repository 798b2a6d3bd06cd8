/**
 * A portal's name as people know it, from its scraper (or, for a file the person brought, from
 * the reader that read it); the id when nothing knows it any more.
 */
import { documentReaders } from '../scrapers/document-registry';
import { scrapers } from '../scrapers/registry';
import { t } from './i18n';
import { GENERIC_SOURCE } from './table-records';

const labels = new Map([...scrapers, ...documentReaders].map((module) => [module.id, module.label]));

/** The `source` of a brought file that no reader could read: kept as a document all the same. */
export const BROUGHT_SOURCE = 'document';

export function portalLabel(source: string): string {
  // The generic capture is no portal: its rows come from any site, each with its page's address.
  if (source === GENERIC_SOURCE) return t('genericSourceLabel');
  if (source === BROUGHT_SOURCE) return t('importedDocumentSource');
  return labels.get(source) ?? source;
}

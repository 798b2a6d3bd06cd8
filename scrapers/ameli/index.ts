/**
 * compte ameli (Assurance Maladie), page "Mes paiements": one `reimbursement` record per care
 * act of every payment. The page draws its list from an in-session answer and each payment's
 * detail when the person opens it; the extension asks for them itself (./channels.ts). Read
 * alone (a saved copy, `npm run scrape`), the page gives the acts of the details it shows, and
 * says which payments it showed without theirs. Structure: ./read.ts and docs/channels.md.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { foldText } from '../helpers/text';
import { dateWindow } from './window';
import { hasActs, paymentRows, readDetail, ROW_DETAIL } from './read';

/** Container of the payments list; it holds only a spinner until the page's script draws it. */
const PAYMENTS = '#tableauPaiement';
/** The list, inside PAYMENTS once drawn; no payment in it is an empty history, not an error. */
const PAYMENT_LIST = '#unordered_list, .liste-paiements';
/** What the page shows while it asks for the list (busy container, spinner): not read yet. */
const LOADING = '[aria-busy="true"], .chargement';
/** The empty state's words, for a page that shows a message instead of an empty list. */
const NO_PAYMENT = /aucun paiement/;

function detect(doc: Document): boolean {
  const payments = doc.querySelector(PAYMENTS);
  if (!payments || payments.matches(LOADING) || payments.querySelector(LOADING)) return false;
  return (
    payments.querySelector(PAYMENT_LIST) !== null || NO_PAYMENT.test(foldText(payments.textContent ?? ''))
  );
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  const list = doc.querySelector(PAYMENTS)?.querySelector(PAYMENT_LIST);
  if (!list) {
    if (detect(doc)) return { records: [] };
    throw new PageLayoutError('liste des paiements introuvable');
  }
  const records: ScrapedRecord[] = [];
  const checkedHeaders = new Set<string>();
  for (const payment of paymentRows(list)) {
    if (payment.allowance) continue;
    if (!hasActs(payment.element)) {
      const drawn = payment.element.querySelector(ROW_DETAIL)?.textContent?.trim();
      ctx.problem({
        level: 'warning',
        message: drawn
          ? `Paiement du ${payment.shown} : détail des actes absent, aucun acte lu`
          : `Paiement du ${payment.shown} : son détail n'est pas sur la page (non demandé au portail), aucun acte lu`,
      });
      continue;
    }
    records.push(...readDetail(payment.element, payment, url.href, ctx, checkedHeaders));
  }
  return { records };
}

export default defineScraper({
  id: 'ameli',
  version: '1.1.0',
  label: 'compte ameli (Assurance Maladie)',
  kind: 'insurer',
  matches: ['https://assure.ameli.fr/*'],
  produces: ['reimbursement', 'document'],
  detect,
  scrape,
  // The requests (./channels.ts) need the page's date filters; a page without them is read as shown.
  scopes: (doc) => (dateWindow(doc, 'all') ? ['page', 'all'] : []),
});

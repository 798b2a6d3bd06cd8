/**
 * compte ameli (Assurance Maladie), page "Mes paiements": one `reimbursement` record per care
 * act of every payment shown. Structure and decisions: ../shared/portals/README.md ("ameli"),
 * after konnectors/cozy-konnector-ameli src/index.js and rbignon/woob modules/ameli/pages.py.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type Pagination, type ScrapeContext } from '../contract';
import { parseDate } from '../helpers/dates';
import { absoluteUrl } from '../helpers/links';
import { dataRows, findColumn, linesOf, tableColumns } from '../helpers/dom';
import { parseAmount, parseRate } from '../helpers/numbers';
import { ParseError } from '../helpers/parse-error';
import { foldText, textOf } from '../helpers/text';

/** Container of the payments list; in the SPA variant it first holds only a spinner. */
const PAYMENTS = '#tableauPaiement';
/** The list, inside PAYMENTS once drawn; no payment in it is an empty history, not an error. */
const PAYMENT_LIST = '#unordered_list, .liste-paiements';
/** What the SPA variant shows while it draws the list (spinner, busy container): not read yet. */
const LOADING = '[aria-busy="true"], .chargement';
/** The empty state's words, for a page that shows a message instead of an empty list. */
const NO_PAYMENT = /aucun paiement/;
/** One payment: a line of the list, its detail inside it. */
const PAYMENT = 'li.rowitem, li[id^=lignePaiement]';
/** Month heading ("Paiements de mars 2024") before each month's payments: gives their year. */
const MONTH_HEADING = 'rowdate';
const MONTH_HEADING_TEXT = '.mois';
/** A month's block (heading and payments), for a heading that is not the row's sibling. */
const MONTH_BLOCK = '.blocParMois';
/** A payment's day and month name ("25" "mars"). */
const PAYMENT_DAY = '.col-date .jour';
const PAYMENT_MONTH = '.col-date .mois';
/** Daily allowances are income, not care: the row's class, or the payment type in `onclick`. */
const ALLOWANCE_CLASS = 'rowIJ';
const ALLOWANCE_TYPE = 'INDEMNITE_JOURNALIERE_ASSURE';
/** In a detail, in page order: beneficiary names, then the act cells that follow each. */
const BENEFICIARY = '[id^=nomBeneficiaire]';
const ACT = '[id^=Nature]';
/** In a Nature cell: the act (required), the professional (optional); the last line is the care date. */
const ACT_LABEL = '.naturePrestation';
const PROVIDER = '.professionnel';
/** Amount cells of an act row, by id prefix, with the column header that names each. */
const CHARGED = { id: 'montantPaye', header: 'Montant payé' };
const BASE = { id: 'baseRemboursement', header: 'Base de remboursement' };
const RATE = { id: 'taux', header: 'Taux' };
const PAID = { id: 'montantVerse', header: 'Montant versé' };
/** Participations forfaitaires and franchises of a payment: act date, then amount ("-2,00 €"). */
const PARTICIPATION_DATE = '[id^=dateActePFF]';
const PARTICIPATION_AMOUNT = 'montantVersePFF';
/** History pagination: "Page 1 sur 3" and the "Page suivante" link (absent on the last page). */
const PAGE_POSITION = '.pagination .pageCourante';
const NEXT_PAGE = '.pagination a[rel=next], .pagination a.suivant';

function detect(doc: Document): boolean {
  const payments = doc.querySelector(PAYMENTS);
  if (!payments || payments.matches(LOADING) || payments.querySelector(LOADING)) return false;
  return (
    payments.querySelector(PAYMENT_LIST) !== null || NO_PAYMENT.test(foldText(payments.textContent ?? ''))
  );
}

interface Payment {
  /** "25 mars 2024": the row's day and month with its own month heading's year; null if not shown. */
  when: string | null;
  /** Participations forfaitaires and franchises, as shown (date, amount). */
  participations: { date: string | null; amount: string | null }[];
}

/** A cell of the row whose id starts with `prefix` (one pass over the row, not a query per cell). */
function cellById(row: Element | null, prefix: string): Element | null {
  return cellsById(row, [prefix])[0] ?? null;
}

/** The first cell of the row whose id starts with each prefix: one pass, each id read once. */
function cellsById(row: Element | null, prefixes: readonly string[]): (Element | null)[] {
  const found: (Element | null)[] = prefixes.map(() => null);
  for (let cell = row?.firstElementChild ?? null; cell !== null; cell = cell.nextElementSibling) {
    const id = cell.id;
    if (id === '') continue;
    for (let i = 0; i < prefixes.length; i++) {
      if (found[i] === null && id.startsWith(prefixes[i] ?? '')) found[i] = cell;
    }
  }
  return found;
}

/** The amount cells of an act row, in the order readAct destructures them. */
const AMOUNT_IDS = [CHARGED.id, BASE.id, RATE.id, PAID.id];

/** What every act of a payment shares, read once per payment. */
function readPayment(element: Element): Payment {
  // The nearest heading before the row, in its own list (a page holds several months), else
  // its block's: never the page's first heading.
  let heading = element.previousElementSibling;
  while (heading && !heading.classList.contains(MONTH_HEADING)) heading = heading.previousElementSibling;
  heading ??= element.closest(MONTH_BLOCK)?.querySelector(`.${MONTH_HEADING}`) ?? null;
  const year = /\b\d{4}\b/.exec(textOf(heading?.querySelector(MONTH_HEADING_TEXT)) ?? '')?.[0];
  const day = textOf(element.querySelector(PAYMENT_DAY));
  const month = textOf(element.querySelector(PAYMENT_MONTH));
  const participations = Array.from(element.querySelectorAll(PARTICIPATION_DATE), (cell) => {
    const row = cell.closest('tr');
    return {
      date: textOf(cell),
      amount: textOf(cellById(row, PARTICIPATION_AMOUNT) ?? row?.lastElementChild),
    };
  });
  return { when: year && day && month ? `${day} ${month} ${year}` : null, participations };
}

/**
 * An act table must have the four amount columns (by header or by cells) and a Nature cell per
 * row. Every payment repeats the same header row: it is checked once per distinct header.
 */
function checkActTable(table: Element, checkedHeaders: Set<string>): void {
  const header = table.querySelector('tr')?.textContent ?? '';
  if (!checkedHeaders.has(header)) {
    const columns = tableColumns(table);
    for (const { id, header: name } of [CHARGED, BASE, RATE, PAID]) {
      if (findColumn(columns, [name]) === null && !table.querySelector(`[id^=${id}]`)) {
        throw new PageLayoutError(`colonne « ${name} » introuvable dans le détail d'un paiement`);
      }
    }
    // Headers found by name hold for every table that shows them; found by cells, they don't.
    if ([CHARGED, BASE, RATE, PAID].every(({ header: name }) => findColumn(columns, [name]) !== null)) {
      checkedHeaders.add(header);
    }
  }
  if (dataRows(table).some((row) => !row.querySelector(ACT))) {
    throw new PageLayoutError("ligne d'acte sans cellule « Nature de la prestation »");
  }
}

/** Participations are shown negative (kept back from the payment) and stored positive. */
function deductible(payment: Payment, careDate: string): number | null {
  let total: number | null = null;
  for (const participation of payment.participations) {
    if (parseDate(participation.date) !== careDate) continue;
    const amount = parseAmount(participation.amount);
    if (amount !== null) total = Math.round(((total ?? 0) + Math.abs(amount)) * 100) / 100;
  }
  return total;
}

function readAct(cell: Element, payment: Payment, patient: string | null, url: URL): ScrapedRecord {
  const act = textOf(cell.querySelector(ACT_LABEL));
  if (act === null)
    throw new PageLayoutError(`acte sans libellé (${ACT_LABEL}) dans la colonne « Nature de la prestation »`);
  const [charged, base, rate, paid] = cellsById(cell.closest('tr'), AMOUNT_IDS);
  const date = parseDate(linesOf(cell).at(-1));
  if (date === null) throw new ParseError('date des soins', textOf(cell) ?? '');
  return {
    kind: 'reimbursement',
    source: 'ameli',
    patient,
    date,
    sourceUrl: url.href,
    act,
    provider: textOf(cell.querySelector(PROVIDER)),
    paymentDate: parseDate(payment.when),
    charged: parseAmount(textOf(charged)),
    base: parseAmount(textOf(base)),
    rate: parseRate(textOf(rate)),
    reimbursedPrimary: parseAmount(textOf(paid)),
    reimbursedComplementary: null,
    deductible: deductible(payment, date),
    outOfPocket: null,
    currency: 'EUR',
    ref: null,
  };
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  const list = doc.querySelector(PAYMENTS)?.querySelector(PAYMENT_LIST);
  if (!list) {
    if (detect(doc)) return { records: [] };
    throw new PageLayoutError('liste des paiements introuvable');
  }
  const records: ScrapedRecord[] = [];
  const checkedHeaders = new Set<string>();
  for (const element of Array.from(list.querySelectorAll(PAYMENT))) {
    const onclick = element.getAttribute('onclick') ?? '';
    if (element.classList.contains(ALLOWANCE_CLASS) || onclick.includes(ALLOWANCE_TYPE)) continue;
    const tables = Array.from(element.querySelectorAll('table')).filter(
      (t) => !t.querySelector(PARTICIPATION_DATE),
    );
    for (const table of tables) checkActTable(table, checkedHeaders);
    const payment = readPayment(element);
    if (tables.length === 0) {
      ctx.problem({
        level: 'warning',
        message: `Paiement du ${payment.when ?? '(date non affichée)'} : détail des actes absent, aucun acte lu`,
      });
    }
    let patient: string | null = null;
    let actNumber = 0;
    for (const node of Array.from(element.querySelectorAll(`${BENEFICIARY}, ${ACT}`))) {
      if (node.matches(BENEFICIARY)) {
        patient = textOf(node);
        continue;
      }
      actNumber += 1;
      try {
        records.push(readAct(node, payment, patient, url));
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        ctx.problem({
          level: 'warning',
          message: `Paiement du ${payment.when ?? '(date non affichée)'}, acte n°${actNumber} ignoré : ${error.message}`,
          detail: linesOf(node.closest('tr') ?? node).join(' | '),
        });
      }
    }
  }
  return { records };
}

function pagination(doc: Document, url: URL): Pagination | null {
  const position = /(\d+)\D+(\d+)/.exec(textOf(doc.querySelector(PAGE_POSITION)) ?? '');
  const next = absoluteUrl(doc.querySelector(NEXT_PAGE)?.getAttribute('href'), url);
  if (!position && !next) return null;
  return {
    page: position ? Number(position[1]) : null,
    pages: position ? Number(position[2]) : null,
    next: next ? new URL(next) : null,
  };
}

export default defineScraper({
  id: 'ameli',
  version: '1.0.1',
  label: 'compte ameli (Assurance Maladie)',
  kind: 'insurer',
  matches: ['https://assure.ameli.fr/*'],
  produces: ['reimbursement'],
  detect,
  scrape,
  pagination,
});

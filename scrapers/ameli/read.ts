/**
 * How ameli's payments read, wherever they come from: the list on the page, the list in the
 * JSON answer's `tableauPaiement` fragment (the same markup), and a payment's detail (drawn
 * inside its row on the page, or the answer of `chargerDetailPaiements`). Structure after
 * konnectors/cozy-konnector-ameli src/index.js and rbignon/woob modules/ameli/pages.py
 * (docs/channels.md, « ameli »).
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { PageLayoutError, type ScrapeContext } from '../contract';
import { parseDate } from '../helpers/dates';
import { dataRows, findColumn, linesOf, tableColumns } from '../helpers/dom';
import { parseAmount, parseRate } from '../helpers/numbers';
import { ParseError } from '../helpers/parse-error';
import { textOf } from '../helpers/text';

/** One payment of the list (`li` whose id holds "lignePaiement"); its four onclick values. */
export const PAYMENT = '[id*=lignePaiement]';
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
/** The detail drawn inside a row on the page, once the person opened it. */
export const ROW_DETAIL = '.zoneDetail';
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
const AMOUNT_COLUMNS = [CHARGED, BASE, RATE, PAID];
/** Participations forfaitaires and franchises of a payment: act date, nature, amount ("-2,00 €"). */
const PARTICIPATION_DATE = '[id^=dateActePFF]';
const PARTICIPATION_NATURE = 'naturePFF';
const PARTICIPATION_AMOUNT = 'montantVersePFF';

/** A payment as the list shows it. */
export interface PaymentRow {
  /** The row itself (on the page, its detail may be drawn inside it). */
  element: Element;
  /** The four values of its onclick: what `chargerDetailPaiements` is asked with. */
  id: string | null;
  nature: string | null;
  group: string | null;
  index: string | null;
  /** "25 mars 2024": the row's day and month, its month heading's year (read with each act). */
  paymentDate: string | null;
  /** The same, for messages ("(date non affichée)" when the row does not show it). */
  shown: string;
  /** Daily allowances are not care acts: no record. */
  allowance: boolean;
}

/** The rows of a list (the page's, or a fragment's), in order. */
export function paymentRows(list: ParentNode): PaymentRow[] {
  return Array.from(list.querySelectorAll(PAYMENT), readRow);
}

function readRow(element: Element): PaymentRow {
  const onclick = element.getAttribute('onclick') ?? '';
  const [id, nature, group, index] = Array.from(onclick.matchAll(/'([^']*)'/g), (m) => m[1] ?? null);
  // The nearest heading before the row, in its own list (a list holds several months), else
  // its block's: never the list's first heading.
  let heading = element.previousElementSibling;
  while (heading && !heading.classList.contains(MONTH_HEADING)) heading = heading.previousElementSibling;
  heading ??= element.closest(MONTH_BLOCK)?.querySelector(`.${MONTH_HEADING}`) ?? null;
  const year = /\b\d{4}\b/.exec(textOf(heading?.querySelector(MONTH_HEADING_TEXT)) ?? '')?.[0];
  const day = textOf(element.querySelector(PAYMENT_DAY));
  const month = textOf(element.querySelector(PAYMENT_MONTH));
  const shown = year && day && month ? `${day} ${month} ${year}` : null;
  return {
    element,
    id: id ?? null,
    nature: nature ?? null,
    group: group ?? null,
    index: index ?? null,
    paymentDate: shown,
    shown: shown ?? '(date non affichée)',
    allowance: element.classList.contains(ALLOWANCE_CLASS) || (nature ?? onclick).includes(ALLOWANCE_TYPE),
  };
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

const AMOUNT_IDS = AMOUNT_COLUMNS.map((column) => column.id);

/**
 * An act table must have the four amount columns (by header or by cells) and a Nature cell per
 * row. Every payment repeats the same header row: it is checked once per distinct header.
 */
function checkActTable(table: Element, checkedHeaders: Set<string>): void {
  const header = table.querySelector('tr')?.textContent ?? '';
  if (!checkedHeaders.has(header)) {
    const columns = tableColumns(table);
    for (const { id, header: name } of AMOUNT_COLUMNS) {
      if (findColumn(columns, [name]) === null && !table.querySelector(`[id^=${id}]`)) {
        throw new PageLayoutError(`colonne « ${name} » introuvable dans le détail d'un paiement`);
      }
    }
    // Headers found by name hold for every table that shows them; found by cells, they don't.
    if (AMOUNT_COLUMNS.every(({ header: name }) => findColumn(columns, [name]) !== null)) {
      checkedHeaders.add(header);
    }
  }
  if (dataRows(table).some((row) => !row.querySelector(ACT))) {
    throw new PageLayoutError("ligne d'acte sans cellule « Nature de la prestation »");
  }
}

/** A participation forfaitaire or franchise kept back from a payment, as shown. */
interface Participation {
  date: string | null;
  nature: string | null;
  amount: string | null;
}

/** Franchises apply to medicines, paramedical care and transport; the other participations to the rest. */
const FRANCHISE = /franchise/i;
const FRANCHISE_ACT =
  /pharma|medicament|médicament|vignette|transport|taxi|ambulanc|infirm|kine|kiné|masseur|orthophon|auxiliaire/i;

/**
 * Each participation goes to one act of its care date, stored positive (it is shown negative):
 * a franchise to a medicine, paramedical or transport act of that date, another participation to
 * another act, else to the first act of that date. Two acts of one day never both count it.
 */
function assignParticipations(
  acts: readonly { record: Extract<ScrapedRecord, { kind: 'reimbursement' }>; label: string }[],
  participations: readonly Participation[],
  unreadable: (participation: Participation, error: ParseError) => void,
): void {
  for (const participation of participations) {
    let day: string | null;
    let amount: number | null;
    try {
      day = parseDate(participation.date);
      amount = parseAmount(participation.amount);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      unreadable(participation, error);
      continue;
    }
    if (day === null || amount === null) continue;
    const sameDay = acts.filter((act) => act.record.date === day);
    const franchise = FRANCHISE.test(participation.nature ?? '');
    const owner = sameDay.find((act) => FRANCHISE_ACT.test(act.label) === franchise) ?? sameDay[0];
    if (!owner) continue;
    owner.record.deductible = Math.round(((owner.record.deductible ?? 0) + Math.abs(amount)) * 100) / 100;
  }
}

function readAct(
  cell: Element,
  payment: PaymentRow,
  patient: string | null,
  sourceUrl: string,
): Extract<ScrapedRecord, { kind: 'reimbursement' }> {
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
    sourceUrl,
    act,
    provider: textOf(cell.querySelector(PROVIDER)),
    paymentDate: parseDate(payment.paymentDate),
    charged: parseAmount(textOf(charged)),
    base: parseAmount(textOf(base)),
    rate: parseRate(textOf(rate)),
    reimbursedPrimary: parseAmount(textOf(paid)),
    reimbursedComplementary: null,
    deductible: null,
    outOfPocket: null,
    currency: 'EUR',
    ref: null,
  };
}

/** The act tables of a payment's detail (its participations' table aside). */
function actTables(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll('table')).filter((t) => !t.querySelector(PARTICIPATION_DATE));
}

/** Whether `root` holds a payment's detail with act tables (an allowance's has none). */
export function hasActs(root: ParentNode): boolean {
  return actTables(root).length > 0;
}

/**
 * The care acts of one payment's detail: one record per act row. Throws PageLayoutError when
 * the detail is not in the known shape; an unreadable act is reported and skipped.
 */
export function readDetail(
  root: Element | Document,
  payment: PaymentRow,
  sourceUrl: string,
  ctx: ScrapeContext,
  checkedHeaders = new Set<string>(),
): ScrapedRecord[] {
  for (const table of actTables(root)) checkActTable(table, checkedHeaders);
  const participations = Array.from(root.querySelectorAll(PARTICIPATION_DATE), (cell): Participation => {
    const row = cell.closest('tr');
    return {
      date: textOf(cell),
      nature: textOf(cellById(row, PARTICIPATION_NATURE)),
      amount: textOf(cellById(row, PARTICIPATION_AMOUNT) ?? row?.lastElementChild),
    };
  });
  const acts: Parameters<typeof assignParticipations>[0][number][] = [];
  let patient: string | null = null;
  let actNumber = 0;
  for (const node of Array.from(root.querySelectorAll(`${BENEFICIARY}, ${ACT}`))) {
    if (node.matches(BENEFICIARY)) {
      patient = textOf(node);
      continue;
    }
    actNumber += 1;
    try {
      const record = readAct(node, payment, patient, sourceUrl);
      acts.push({ record, label: record.act });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({
        level: 'warning',
        message: `Paiement du ${payment.shown}, acte n°${actNumber} ignoré : ${error.message}`,
        detail: linesOf(node.closest('tr') ?? node).join(' | '),
      });
    }
  }
  assignParticipations(acts, participations, (participation, error) =>
    ctx.problem({
      level: 'warning',
      message: `Paiement du ${payment.shown}, participation ignorée : ${error.message}`,
      detail: [participation.date, participation.nature, participation.amount].join(' | '),
    }),
  );
  const records: ScrapedRecord[] = acts.map((act) => act.record);
  return records;
}

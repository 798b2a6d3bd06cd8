/**
 * How MGEN's reimbursements and statements read, wherever they come from: the page (its act
 * table, or the detail of a line the person opened), the detail answer of
 * `#formDetailsRemboursement`, the statements page. Structure after
 * konnectors/cozy-konnector-mgen src/index.js (docs/channels.md, « MGEN »).
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { PageLayoutError, type ScrapeContext } from '../contract';
import { parseDate } from '../helpers/dates';
import { cellAt, dataRows, findColumn, linesOf, requireColumn, tableColumns } from '../helpers/dom';
import { absoluteUrl, linkMimeType } from '../helpers/links';
import { parseAmount } from '../helpers/numbers';
import { ParseError } from '../helpers/parse-error';
import { textOf, textWithout, valueOf } from '../helpers/text';

/** Rows that are not acts: the period total in `tfoot`. */
const TOTAL_ROW = 'tfoot tr, tr.total';
/** In the Nature cell: the act (required) and the professional (optional). */
const ACT_LABEL = '.libelle';
const PROVIDER = 'small.ps';
/** Act table columns, each with the record field it fills. */
const COLUMNS = {
  ref: ['N° de décompte'],
  act: ['Nature des soins'],
  charged: ['Dépense'],
  primary: ['Remb. Sécurité sociale'],
  complementary: ['Remb. MGEN'],
  outOfPocket: ['Reste à charge'],
} as const;
/**
 * Columns a full act table has and a line's detail may leave to its line: the care date, the
 * beneficiary, the payment date.
 */
const LINE_COLUMNS = {
  date: ['Date des soins'],
  patient: ['Bénéficiaire'],
  paymentDate: ['Date de paiement'],
} as const;

/** A row without a value every record needs: reported and skipped, the other rows kept (as worded since 1.0). */
class MissingValue extends ParseError {
  constructor(message: string) {
    super('valeur', '');
    this.message = message;
  }
}

/** What a line of the list says about the acts of its detail. */
export interface LineFacts {
  date: string | null;
  patient: string | null;
  paymentDate: string | null;
}

const NO_LINE: LineFacts = { date: null, patient: null, paymentDate: null };

/**
 * One `reimbursement` per act row of an act table (the page's, or a detail's); what a column
 * does not say comes from the line the detail belongs to. Throws PageLayoutError when a column
 * every act needs is gone; an unreadable row is reported and skipped.
 */
export function readActTable(
  table: Element,
  sourceUrl: string,
  ctx: ScrapeContext,
  line: LineFacts = NO_LINE,
  what = 'Remboursement',
): ScrapedRecord[] {
  const headers = tableColumns(table);
  const columns = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, names]) => [field, requireColumn(headers, names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  const own = Object.fromEntries(
    Object.entries(LINE_COLUMNS).map(([field, names]) => [field, findColumn(headers, names)]),
  ) as Record<keyof typeof LINE_COLUMNS, number | null>;
  for (const [field, names] of Object.entries(LINE_COLUMNS)) {
    if (own[field as keyof LineFacts] === null && line[field as keyof LineFacts] === null) {
      throw new PageLayoutError(`colonne « ${names[0]} » introuvable`);
    }
  }
  const records: ScrapedRecord[] = [];
  // A row of one cell is a message ("Aucun remboursement…"), not an act.
  const rows = dataRows(table).filter((row) => !row.matches(TOTAL_ROW) && row.children.length > 1);
  rows.forEach((row, index) => {
    try {
      records.push(readAct(row, columns, own, line, sourceUrl));
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({
        level: 'warning',
        message: `${what} n°${index + 1} ignoré : ${error.message}`,
        detail: linesOf(row).join(' | '),
      });
    }
  });
  return records;
}

function readAct(
  row: Element,
  columns: Record<keyof typeof COLUMNS, number>,
  own: Record<keyof LineFacts, number | null>,
  line: LineFacts,
  sourceUrl: string,
): ScrapedRecord {
  const cell = (index: number) => cellAt(row, index);
  const shown = (field: keyof LineFacts) => {
    const index = own[field];
    return index === null ? line[field] : valueOf(cell(index));
  };
  const nature = cell(columns.act);
  const act = textOf(nature?.querySelector(ACT_LABEL));
  if (act === null) {
    if (textOf(nature) !== null) throw new PageLayoutError(`libellé d'acte (${ACT_LABEL}) introuvable`);
    throw new MissingValue('nature des soins absente');
  }
  const date = parseDate(shown('date'));
  if (date === null) throw new MissingValue('date des soins absente');
  const amount = (index: number) => parseAmount(valueOf(cell(index)));
  return {
    kind: 'reimbursement',
    source: 'mgen',
    patient: shown('patient'),
    date,
    sourceUrl,
    act,
    provider: valueOf(nature?.querySelector(PROVIDER)),
    paymentDate: parseDate(shown('paymentDate')),
    charged: amount(columns.charged),
    base: null,
    rate: null,
    reimbursedPrimary: amount(columns.primary),
    reimbursedComplementary: amount(columns.complementary),
    deductible: null,
    outOfPocket: amount(columns.outOfPocket),
    currency: 'EUR',
    ref: valueOf(cell(columns.ref)),
  };
}

/** The statements list, one `.releve-item` per statement. */
export const STATEMENTS = '.liste-releves';
const STATEMENT = '.releve-item';
const STATEMENT_DATE = '.releve-date';
const STATEMENT_TITLE = '.releve-titre';
/**
 * The statement's file: its `a.pdf_download`, else its first link. Tried one after the other: a
 * selector list would take whichever comes first in the item (a « Voir les remboursements » link).
 */
const STATEMENT_LINK = ['a.pdf_download[href]', 'a[href]'];
/** The words before a value ("Relevé du"). */
const LABEL = '.lbl';
/** Statements are the member's, named in the page header. */
const MEMBER = '.adherent-nom';

/** One `document` per statement of the statements page. */
export function readStatements(doc: Document, url: URL, ctx: ScrapeContext): ScrapedRecord[] {
  const patient = textOf(doc.querySelector(MEMBER));
  const records: ScrapedRecord[] = [];
  for (const item of Array.from(doc.querySelectorAll(`${STATEMENTS} ${STATEMENT}`))) {
    const when = item.querySelector(STATEMENT_DATE);
    const title = textOf(item.querySelector(STATEMENT_TITLE));
    if (!when || title === null) throw new PageLayoutError('relevé sans date ou sans titre');
    const time = when.querySelector('time');
    try {
      // The machine-readable date when there is one, else the text after "Relevé du".
      const date = parseDate(time?.getAttribute('datetime') ?? textOf(time) ?? textWithout(when, LABEL));
      if (date === null) throw new ParseError('date du relevé', textOf(when) ?? '');
      const link = STATEMENT_LINK.map((selector) => item.querySelector(selector)).find((a) => a !== null);
      const href = absoluteUrl(link?.getAttribute('href'), url);
      records.push({
        kind: 'document',
        source: 'mgen',
        patient,
        date,
        sourceUrl: url.href,
        title,
        docType: 'other',
        author: null,
        url: href,
        // Relevés are PDF files (docs/channels.md, « MGEN »), whether or not the link says so.
        mimeType: href === null ? null : (linkMimeType(link) ?? 'application/pdf'),
        fileId: null,
        sha256: null,
      });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({ level: 'warning', message: `Relevé « ${title} » ignoré : ${error.message}` });
    }
  }
  return records;
}

/** The list's lines (`.ligne-remboursement`): five cells read by position, as the live site's. */
export const LINE = '.ligne-remboursement';
const LINE_CELLS = { date: 0, patient: 1, statement: 2, paymentDate: 3, amount: 4 } as const;
/** The statement link of a line: its address in `data-url-releve`. */
const STATEMENT_URL = '[data-url-releve]';

export interface ListLine extends LineFacts {
  element: Element;
  /** `data-index-ligne`: what the detail request names the line by. */
  index: string | null;
  /** "30/03/2024, Marc DUPONT", for messages. */
  shown: string;
}

/** The lines of the list (a page's, or the raw answer of the page, which holds every line). */
export function listLines(table: ParentNode): ListLine[] {
  return Array.from(table.querySelectorAll(LINE), (element, position) => {
    const cells = Array.from(element.querySelectorAll(':scope > td'));
    if (cells.length < 5)
      throw new PageLayoutError(`ligne de remboursement à ${cells.length} cellules au lieu de 5`);
    const cell = (field: keyof typeof LINE_CELLS) => valueOf(cells[LINE_CELLS[field]]);
    return {
      element,
      index: element.getAttribute('data-index-ligne') ?? String(position),
      date: cell('date'),
      patient: cell('patient'),
      paymentDate: cell('paymentDate'),
      shown: [cell('date') ?? '(date non affichée)', cell('patient')].filter(Boolean).join(', '),
    };
  });
}

/** A line's statement address (`data-url-releve`), absolute; null when it shows none. */
export function statementUrl(line: ListLine, url: URL): string | null {
  return absoluteUrl(line.element.querySelector(STATEMENT_URL)?.getAttribute('data-url-releve'), url);
}

/**
 * MGEN, "Mon espace perso": "Mes remboursements" gives one `reimbursement` record per care act
 * of the table, "Mes relevés" one `document` per statement. Structure and decisions:
 * ../shared/portals/README.md ("mgen"), after konnectors/cozy-konnector-mgen src/index.js.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { parseDate } from '../helpers/dates';
import { cellAt, dataRows, linesOf, requireColumn, tableColumns } from '../helpers/dom';
import { absoluteUrl, linkMimeType } from '../helpers/links';
import { parseAmount } from '../helpers/numbers';
import { ParseError } from '../helpers/parse-error';
import { foldText, textOf, textWithout, valueOf } from '../helpers/text';

/** The reimbursements table (cozy-konnector-mgen reads its `tbody tr`). */
const REIMBURSEMENTS = '#tableDernierRemboursement';
/** While the SPA fetches the rows: a busy element, or a "Chargement…" line. */
const LOADING = '[aria-busy="true"], .chargement';
/** Rows that are not acts: the period total in `tfoot`. */
const TOTAL_ROW = 'tfoot tr, tr.total';
/** In the Nature cell: the act (required) and the professional (optional). */
const ACT_LABEL = '.libelle';
const PROVIDER = 'small.ps';
/** Column headers, each with the record field it fills. */
const COLUMNS = {
  ref: ['N° de décompte'],
  date: ['Date des soins'],
  patient: ['Bénéficiaire'],
  act: ['Nature des soins'],
  paymentDate: ['Date de paiement'],
  charged: ['Dépense'],
  primary: ['Remb. Sécurité sociale'],
  complementary: ['Remb. MGEN'],
  outOfPocket: ['Reste à charge'],
} as const;
/** The statements list, one `.releve-item` per statement. */
const STATEMENTS = '.liste-releves';
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
/** Empty states: "Vous n'avez pas de remboursement pour les six derniers mois", "Aucun relevé". */
const NOTHING = /(?:aucun|pas de) (?:remboursement|releve)/;

/** A row without a value every record needs: reported and skipped, the other rows kept. */
class MissingValue extends Error {}

type PageType = 'reimbursements' | 'statements' | 'empty';

/** A list the SPA is still filling is not read yet: detect waits for it. */
const isLoading = (element: Element): boolean => element.matches(LOADING) || !!element.querySelector(LOADING);

function pageType(doc: Document): PageType | null {
  const table = doc.querySelector(REIMBURSEMENTS);
  if (table) return isLoading(table) ? null : 'reimbursements';
  const statements = doc.querySelector(STATEMENTS);
  if (statements) return isLoading(statements) ? null : 'statements';
  const main = doc.querySelector('main') ?? doc.body;
  return main && NOTHING.test(foldText(main.textContent ?? '')) ? 'empty' : null;
}

function readAct(row: Element, columns: Record<keyof typeof COLUMNS, number>, url: URL): ScrapedRecord {
  const cell = (index: number) => cellAt(row, index);
  const nature = cell(columns.act);
  const act = textOf(nature?.querySelector(ACT_LABEL));
  if (act === null) {
    if (textOf(nature) !== null) throw new PageLayoutError(`libellé d'acte (${ACT_LABEL}) introuvable`);
    throw new MissingValue('nature des soins absente');
  }
  const date = parseDate(valueOf(cell(columns.date)));
  if (date === null) throw new MissingValue('date des soins absente');
  const amount = (index: number) => parseAmount(valueOf(cell(index)));
  return {
    kind: 'reimbursement',
    source: 'mgen',
    patient: valueOf(cell(columns.patient)),
    date,
    sourceUrl: url.href,
    act,
    provider: valueOf(nature?.querySelector(PROVIDER)),
    paymentDate: parseDate(valueOf(cell(columns.paymentDate))),
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

function readReimbursements(doc: Document, url: URL, ctx: ScrapeContext): ScrapedRecord[] {
  const table = doc.querySelector(REIMBURSEMENTS);
  if (!table) throw new PageLayoutError('tableau des remboursements introuvable');
  const headers = tableColumns(table);
  const columns = Object.fromEntries(
    Object.entries(COLUMNS).map(([field, names]) => [field, requireColumn(headers, names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  const records: ScrapedRecord[] = [];
  // A row of one cell is a message ("Aucun remboursement…"), not an act.
  const rows = dataRows(table).filter((row) => !row.matches(TOTAL_ROW) && row.children.length > 1);
  rows.forEach((row, index) => {
    try {
      records.push(readAct(row, columns, url));
    } catch (error) {
      if (!(error instanceof ParseError || error instanceof MissingValue)) throw error;
      ctx.problem({
        level: 'warning',
        message: `Remboursement n°${index + 1} ignoré : ${error.message}`,
        detail: linesOf(row).join(' | '),
      });
    }
  });
  return records;
}

function readStatements(doc: Document, url: URL, ctx: ScrapeContext): ScrapedRecord[] {
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
        // Relevés are PDF files (README, "mgen"), whether or not the link says so.
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

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  switch (pageType(doc)) {
    case 'reimbursements':
      return { records: readReimbursements(doc, url, ctx) };
    case 'statements':
      return { records: readStatements(doc, url, ctx) };
    case 'empty':
      return { records: [] };
    default:
      throw new PageLayoutError('ni tableau des remboursements ni liste des relevés');
  }
}

export default defineScraper({
  id: 'mgen',
  version: '1.0.1',
  label: 'MGEN – Mon espace perso',
  kind: 'mutuelle',
  matches: ['https://www.mgen.fr/mon-espace-perso/*'],
  produces: ['reimbursement', 'document'],
  detect: (doc) => pageType(doc) !== null,
  scrape,
});

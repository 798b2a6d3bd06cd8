/**
 * MGEN, "Mon espace perso": "Mes remboursements" gives one `reimbursement` per care act, "Mes
 * relevés" one `document` per statement. The live list shows a line per payment (five cells:
 * care date, beneficiary, statement, payment date, amount), paged in the browser, each line's
 * acts in a detail answered to `#formDetailsRemboursement`; the extension asks for every line and
 * detail itself (./channels.ts). Read alone (a saved copy, `npm run scrape`), the page gives the
 * acts it shows: a full act table, or the details the person opened. After
 * konnectors/cozy-konnector-mgen src/index.js; decisions: docs/channels.md (« MGEN »).
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { foldText } from '../helpers/text';
import { LINE, listLines, readActTable, readStatements, STATEMENTS } from './read';

/** The reimbursements table (cozy-konnector-mgen reads its `tbody tr`). */
const REIMBURSEMENTS = '#tableDernierRemboursement';
/** The details request's form: the page can ask for a line's acts. */
const DETAILS_FORM = '#formDetailsRemboursement';
/** A line's detail, once the person opened it (the answer of the details request). */
const LINE_DETAIL = '.detail-remboursement table';
/** While the page fetches the rows: a busy element, or a "Chargement…" line. */
const LOADING = '[aria-busy="true"], .chargement';
/** Empty states: "Vous n'avez pas de remboursement pour la période", `#noRembFocus`, "Aucun relevé". */
const NO_REIMBURSEMENT = '#noRembFocus';
const NOTHING = /(?:aucun|pas de) (?:remboursement|releve)/;

type PageType = 'reimbursements' | 'statements' | 'empty';

/** A list still being filled is not read yet: detect waits for it. */
const isLoading = (element: Element): boolean => element.matches(LOADING) || !!element.querySelector(LOADING);

function pageType(doc: Document): PageType | null {
  const table = doc.querySelector(REIMBURSEMENTS);
  if (table) return isLoading(table) ? null : 'reimbursements';
  const statements = doc.querySelector(STATEMENTS);
  if (statements) return isLoading(statements) ? null : 'statements';
  if (doc.querySelector(NO_REIMBURSEMENT)) return 'empty';
  const main = doc.querySelector('main') ?? doc.body;
  return main && NOTHING.test(foldText(main.textContent ?? '')) ? 'empty' : null;
}

/** The live list: each line's acts from its detail, when the person opened it. */
function readLines(table: Element, url: URL, ctx: ScrapeContext): ScrapedRecord[] {
  const records: ScrapedRecord[] = [];
  for (const line of listLines(table)) {
    const detail =
      line.element.querySelector(LINE_DETAIL) ?? line.element.nextElementSibling?.querySelector(LINE_DETAIL);
    if (!detail) {
      ctx.problem({
        level: 'warning',
        message: `Remboursement du ${line.shown} : son détail n'est pas sur la page (non demandé au portail), aucun acte lu`,
      });
      continue;
    }
    records.push(...readActTable(detail, url.href, ctx, line, `Remboursement du ${line.shown}, acte`));
  }
  return records;
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  switch (pageType(doc)) {
    case 'reimbursements': {
      const table = doc.querySelector(REIMBURSEMENTS);
      if (!table) throw new PageLayoutError('tableau des remboursements introuvable');
      return {
        records: table.querySelector(LINE) ? readLines(table, url, ctx) : readActTable(table, url.href, ctx),
      };
    }
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
  version: '1.1.0',
  label: 'MGEN – Mon espace perso',
  kind: 'mutuelle',
  matches: ['https://www.mgen.fr/mon-espace-perso/*'],
  produces: ['reimbursement', 'document'],
  detect: (doc) => pageType(doc) !== null,
  scrape,
  // The requests (./channels.ts) start from the list and its details form.
  scopes: (doc) =>
    doc.querySelector(DETAILS_FORM) && doc.querySelector(`${REIMBURSEMENTS} ${LINE}, ${NO_REIMBURSEMENT}`)
      ? ['page', 'all']
      : [],
});

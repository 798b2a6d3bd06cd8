/**
 * Hôpital Saint-Exemple, "Mon espace patient": upcoming appointment cards and the past table
 * (`appointment`), and the documents table (`document`). Fictional portal with invented markup;
 * decisions: ../shared/portals/README.md ("hopital").
 */
import type { Appointment, HealthDocument, ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { parseDate, parseDateOrDateTime, parseTimeSpan } from '../helpers/dates';
import {
  cellAt,
  dataRows,
  headerKey,
  isMessageRow,
  requireColumns,
  splitLabel,
  tableColumns,
} from '../helpers/dom';
import { absoluteUrl, linkMimeType } from '../helpers/links';
import { MissingValueError } from '../helpers/parse-error';
import { readRows } from '../helpers/rows';
import { foldText, nullIfBlank, textOf, valueOf } from '../helpers/text';

/** The logged-in patient, in the header's "Dossier de …" block (no family accounts here). */
const PATIENT = '.patient-nom';
/** The two blocks of the appointments page; each holds its list or its empty-state message. */
const UPCOMING = '#rdv-a-venir';
const PAST = '#rdv-passes';
/** One upcoming appointment. */
const CARD = '.carte-rdv';
/** In a card: "mardi 2 avril 2024", "16h15 – 16h30" (or a start alone), the status badge. */
const CARD_DATE = '.carte-rdv__date';
const CARD_TIME = '.carte-rdv__heure';
const CARD_STATUS = '.carte-rdv__statut';
/** In a card: the unlabelled service and practitioner lines; "Lieu :" and "Motif :" are read by label. */
const CARD_SERVICE = '.service';
const CARD_PRACTITIONER = '.praticien';
const CARD_LINES = '.carte-rdv__infos > *';
/** `Node.DOCUMENT_POSITION_PRECEDING`, by number: `Node` is no global where the CLI runs. */
const DOCUMENT_POSITION_PRECEDING = 2;
/** The documents page's table. */
const DOCUMENTS = '#table-documents';
/** What the SPA variant shows until its script has drawn the lists. */
const LOADING = '[aria-busy="true"], .chargement';
/** Empty states: a block that shows a message instead of its list or table. */
const NO_APPOINTMENT = /aucun rendez-vous|pas de rendez-vous/;
const NO_DOCUMENT = /aucun document|pas de document/;

/** Past table columns, by header text. */
const PAST_COLUMNS = {
  date: ['Date'],
  time: ['Heure'],
  service: ['Service'],
  practitioner: ['Praticien'],
  status: ['Statut'],
};
/** Documents table columns, by header text. */
const DOCUMENT_COLUMNS = {
  date: ['Date'],
  category: ['Catégorie'],
  title: ['Document'],
  author: ['Auteur'],
  link: ['Télécharger'],
};
/** README mapping, on folded text: the badge ("Non honoré") or `data-statut` ("NON_HONORE"). */
const STATUSES: readonly [RegExp, NonNullable<Appointment['status']>][] = [
  [/^confirme/, 'booked'],
  [/^realise/, 'fulfilled'],
  [/^annule/, 'cancelled'],
  [/^non honore/, 'noshow'],
];
/**
 * README mapping of the "Catégorie" column, folded ("Compte rendu …" covers every kind of report,
 * however spelt: « Compte-rendu », « Comptes rendus »).
 */
const CATEGORIES: readonly [RegExp, HealthDocument['docType']][] = [
  [/^comptes?[\s-]rendus?/, 'report'],
  [/^ordonnance/, 'prescription'],
  [/^resultats? de laboratoire/, 'lab-report'],
  [/^imagerie/, 'imaging'],
  [/^lettre de liaison/, 'letter'],
  [/^certificat medical/, 'certificate'],
  [/^questionnaire/, 'other'],
];

const says = (element: Element | null, message: RegExp): boolean =>
  message.test(foldText(element?.textContent ?? ''));

/** By its blocks, else (a page in its empty state may show only a message) by that message. */
function pageOf(doc: Document): 'appointments' | 'documents' | null {
  if (doc.querySelector(UPCOMING) || doc.querySelector(PAST)) return 'appointments';
  if (doc.querySelector(DOCUMENTS)) return 'documents';
  const main = doc.querySelector('main') ?? doc.body;
  if (says(main, NO_APPOINTMENT)) return 'appointments';
  return says(main, NO_DOCUMENT) ? 'documents' : null;
}

function detect(doc: Document): boolean {
  return pageOf(doc) !== null && doc.querySelector(LOADING) === null;
}

function statusOf(...labels: (string | null)[]): Appointment['status'] {
  for (const label of labels) {
    const key = foldText(label ?? '').replace(/[_-]+/g, ' ');
    const found = STATUSES.find(([pattern]) => pattern.test(key));
    if (found) return found[1];
  }
  return null;
}

interface Common {
  source: 'hopital';
  patient: string | null;
  sourceUrl: string;
}

function readCard(card: Element, common: Common): ScrapedRecord {
  const dateText = textOf(card.querySelector(CARD_DATE));
  const day = parseDate(dateText);
  if (day === null) throw new MissingValueError('date du rendez-vous');
  const span = parseTimeSpan(textOf(card.querySelector(CARD_TIME)));
  const labelled = new Map<string, string>();
  for (const line of Array.from(card.querySelectorAll(CARD_LINES))) {
    const pair = splitLabel(line.textContent ?? '');
    if (pair) labelled.set(headerKey(pair[0]), pair[1]);
  }
  return {
    kind: 'appointment',
    ...common,
    date: span ? `${day}T${span.start}` : day,
    end: span?.end ? `${day}T${span.end}` : null,
    status: statusOf(textOf(card.querySelector(CARD_STATUS)), card.getAttribute('data-statut')),
    service: valueOf(card.querySelector(CARD_SERVICE)),
    practitioner: valueOf(card.querySelector(CARD_PRACTITIONER)),
    location: nullIfBlank(labelled.get('lieu')),
    reason: nullIfBlank(labelled.get('motif')),
  };
}

function readUpcoming(block: Element, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const cards = Array.from(block.querySelectorAll(CARD));
  if (cards.length === 0 && block.querySelector('article') && !says(block, NO_APPOINTMENT))
    throw new PageLayoutError('cartes des prochains rendez-vous illisibles');
  if (cards.some((card) => !card.querySelector(CARD_DATE)))
    throw new PageLayoutError('carte de rendez-vous sans date');
  return readRows(cards, 'Rendez-vous à venir', ctx, (card) => readCard(card, common));
}

function readPast(block: Element, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const table = block.querySelector('table');
  if (!table) {
    if (says(block, NO_APPOINTMENT)) return [];
    throw new PageLayoutError('tableau des rendez-vous passés introuvable');
  }
  const column = requireColumns(tableColumns(table), PAST_COLUMNS);
  const rows = dataRows(table).filter((row) => !isMessageRow(row));
  return readRows(rows, 'Rendez-vous passé', ctx, (row) => {
    const at = (index: number) => valueOf(cellAt(row, index));
    const shown = [at(column.date), at(column.time)].filter((part) => part !== null).join(' ');
    const date = parseDateOrDateTime(shown);
    if (date === null) throw new MissingValueError('date du rendez-vous');
    return {
      kind: 'appointment',
      ...common,
      date,
      end: null,
      status: statusOf(at(column.status)),
      service: at(column.service),
      practitioner: at(column.practitioner),
      location: null,
      reason: null,
    };
  });
}

function readDocuments(doc: Document, url: URL, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const table = doc.querySelector(DOCUMENTS);
  if (!table) return []; // the empty state's message (pageOf)
  const column = requireColumns(tableColumns(table), DOCUMENT_COLUMNS);
  const rows = dataRows(table).filter((row) => !isMessageRow(row));
  return readRows(rows, 'Document', ctx, (row) => {
    const at = (index: number) => cellAt(row, index);
    const title = valueOf(at(column.title));
    const dateText = valueOf(at(column.date));
    const date = parseDate(dateText);
    if (title === null) throw new MissingValueError('titre du document');
    if (date === null) throw new MissingValueError('date du document');
    const link = at(column.link)?.querySelector('a[href]') ?? at(column.title)?.querySelector('a[href]');
    const category = foldText(valueOf(at(column.category)) ?? '');
    return {
      kind: 'document',
      ...common,
      date,
      title,
      docType: CATEGORIES.find(([pattern]) => pattern.test(category))?.[1] ?? 'other',
      author: valueOf(at(column.author)),
      url: absoluteUrl(link?.getAttribute('href'), url),
      mimeType: linkMimeType(link),
      fileId: null,
      sha256: null,
    };
  });
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  const common: Common = {
    source: 'hopital',
    patient: textOf(doc.querySelector(PATIENT)),
    sourceUrl: url.href,
  };
  const page = pageOf(doc);
  if (page === 'documents') return { records: readDocuments(doc, url, common, ctx) };
  if (page === null) throw new PageLayoutError('ni rendez-vous ni documents sur cette page');
  const upcoming = doc.querySelector(UPCOMING);
  const past = doc.querySelector(PAST);
  if (!upcoming && !past) return { records: [] }; // the empty state's message (pageOf)
  if (!upcoming) throw new PageLayoutError('bloc « Mes prochains rendez-vous » introuvable');
  if (!past) throw new PageLayoutError('bloc « Historique » introuvable');
  const upcomingRecords = readUpcoming(upcoming, common, ctx);
  const pastRecords = readPast(past, common, ctx);
  // Records in page order (README): the history may be drawn above the upcoming cards.
  const pastFirst = (upcoming.compareDocumentPosition(past) & DOCUMENT_POSITION_PRECEDING) !== 0;
  return { records: pastFirst ? [...pastRecords, ...upcomingRecords] : [...upcomingRecords, ...pastRecords] };
}

export default defineScraper({
  id: 'hopital',
  version: '1.0.1',
  label: 'Hôpital Saint-Exemple (espace patient)',
  kind: 'hospital',
  matches: ['https://monespace.hopital-saint-exemple.fr/*'],
  produces: ['appointment', 'document'],
  detect,
  scrape,
});

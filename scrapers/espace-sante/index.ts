/**
 * Mon espace santé (simulated): documents by category (`document`), vaccinations
 * (`immunization`) and measurements (`measurement`) of the active profile, as the web app draws
 * them from its GraphQL answers, which the extension asks for itself (./channels.ts). The page's
 * markup is invented (no public source shows it); the answers follow the official app's schema
 * (docs/channels.md, « Mon espace santé »).
 */
import type { HealthDocument, ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { parseDate, parseDateOrDateTime } from '../helpers/dates';
import {
  cellAt,
  dataRows,
  headerKey,
  isMessageRow,
  linesOf,
  requireColumns,
  splitLabel,
  tableColumns,
} from '../helpers/dom';
import { absoluteUrl, linkMimeType } from '../helpers/links';
import { MissingValueError, ParseError } from '../helpers/parse-error';
import { readRows } from '../helpers/rows';
import { foldText, nullIfBlank, textOf, valueOf } from '../helpers/text';
import { nameAndUnit, parseReadings } from '../helpers/values';
import { addedByYou, docTypeOf, measurementNames } from './read';

/** The profile being viewed (the account holder may be viewing a child's), not the holder. */
const PATIENT = '#profil-actif .profil-nom';
/** The three pages, each by its own container. */
const DOCUMENTS = '#documents';
const VACCINATIONS = '#tableau-vaccinations';
const MEASUREMENTS = '.mesures';
/** Documents: one section per category, its heading ("Comptes rendus (2)"), its cards. */
const CATEGORY = '.categorie-docs';
const CATEGORY_HEADING = 'h2, h3';
const DOCUMENT_CARD = '.carte-document';
/** In a card: the title (a link to the file), then "Label : value" lines and the "· PDF ·" line. */
const DOCUMENT_TITLE = '.carte-document__titre';
const DOCUMENT_LINES = '.carte-document__meta';
/** A download link beside the title, for a card whose title is not itself the link. */
const DOWNLOAD = 'a[download][href]';
/** In the vaccine cell, the name above the diseases it protects against. */
const VACCINE_NAME = '.nom-vaccin';
/** Measurements: one block per quantity, headed "Poids (kg)", with its history table. */
const MEASUREMENT_BLOCK = '.bloc-mesure';
const MEASUREMENT_HEADING = 'h2, h3';
/** What the SPA variant shows until its script has drawn the rows. */
const LOADING = '[aria-busy="true"], .chargement';

const VACCINATION_COLUMNS = {
  vaccine: ['Vaccin'],
  date: ['Date'],
  dose: ['Dose'],
  lot: ['N° de lot', 'Lot'],
  performer: ['Vaccinateur'],
};
const MEASUREMENT_COLUMNS = { date: ['Date'], value: ['Valeur'] };
type Page = 'documents' | 'vaccinations' | 'measurements';

/** Empty states: a page that holds nothing may show only its message, without its container. */
const EMPTY: readonly [RegExp, Page][] = [
  [/aucun document|pas de document/, 'documents'],
  [/aucune vaccination|aucun vaccin|pas de vaccination/, 'vaccinations'],
  [/aucune mesure|pas de mesure/, 'measurements'],
];

/** The token the web app's requests carry, in the page's head. */
const CSRF_TOKEN = 'meta[name="csrf-token"][content]';

function pageOf(doc: Document): Page | null {
  if (doc.querySelector(DOCUMENTS)) return 'documents';
  if (doc.querySelector(VACCINATIONS)) return 'vaccinations';
  if (doc.querySelector(MEASUREMENTS)) return 'measurements';
  const message = foldText((doc.querySelector('main') ?? doc.body)?.textContent ?? '');
  return EMPTY.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

function detect(doc: Document): boolean {
  return pageOf(doc) !== null && doc.querySelector(LOADING) === null;
}

interface Common {
  source: 'espace-sante';
  patient: string | null;
  sourceUrl: string;
}

function readDocument(card: Element, docType: HealthDocument['docType'], common: Common, url: URL) {
  const title = card.querySelector(DOCUMENT_TITLE);
  const labelled = new Map<string, string>();
  const unlabelled: Element[] = [];
  for (const line of Array.from(card.querySelectorAll(DOCUMENT_LINES))) {
    const pair = splitLabel(line.textContent ?? '');
    if (pair) labelled.set(headerKey(pair[0]), pair[1]);
    else unlabelled.push(line);
  }
  const name = valueOf(title);
  const shown = nullIfBlank(labelled.get('date du document'));
  const date = parseDate(shown);
  if (name === null) throw new MissingValueError('titre du document');
  if (date === null) throw new MissingValueError('date du document');
  const author = nullIfBlank(labelled.get('auteur'));
  const link = title?.closest('a[href]') ?? title?.querySelector('a[href]') ?? card.querySelector(DOWNLOAD);
  return {
    kind: 'document' as const,
    ...common,
    date,
    title: name,
    docType,
    author: author && !addedByYou(author) ? author : null,
    url: absoluteUrl(link?.getAttribute('href'), url),
    // The format label ("… · PDF · 814 Ko"), else a `type` on the link.
    mimeType:
      unlabelled.map(linkMimeType).find((type) => type !== null) ??
      (link?.hasAttribute('type') ? linkMimeType(link) : null),
    fileId: null,
    sha256: null,
  };
}

function scrapeDocuments(doc: Document, url: URL, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const container = doc.querySelector(DOCUMENTS);
  const sections = Array.from(container?.querySelectorAll(CATEGORY) ?? []);
  if (sections.length === 0 && container?.querySelector(`${DOCUMENT_CARD}, a[href]`))
    throw new PageLayoutError('rubriques de documents (catégories) introuvables');
  return sections.flatMap((section) => {
    const heading = textOf(section.querySelector(CATEGORY_HEADING))?.replace(/\s*\(\d+\)$/, '') ?? null;
    if (heading === null) throw new PageLayoutError('rubrique de documents sans titre de catégorie');
    const docType = docTypeOf(heading);
    const cards = Array.from(section.querySelectorAll(DOCUMENT_CARD));
    return readRows(cards, `Document « ${heading} »`, ctx, (card) =>
      readDocument(card, docType, common, url),
    );
  });
}

function scrapeVaccinations(doc: Document, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const table = doc.querySelector(VACCINATIONS);
  if (!table) return []; // the empty state's message (pageOf)
  const column = requireColumns(tableColumns(table), VACCINATION_COLUMNS);
  const rows = dataRows(table).filter((row) => !isMessageRow(row));
  return readRows(rows, 'Vaccination', ctx, (row) => {
    const at = (index: number) => cellAt(row, index);
    const cell = at(column.vaccine);
    const vaccine = textOf(cell?.querySelector(VACCINE_NAME)) ?? nullIfBlank(linesOf(cell)[0]);
    const shown = valueOf(at(column.date));
    const date = parseDate(shown);
    if (vaccine === null) throw new MissingValueError('vaccin');
    if (date === null) throw new MissingValueError('date de vaccination');
    return {
      kind: 'immunization',
      ...common,
      date,
      vaccine,
      dose: valueOf(at(column.dose)),
      lot: valueOf(at(column.lot)),
      performer: valueOf(at(column.performer)),
      fromDocument: null,
    };
  });
}

function readMeasurementBlock(block: Element, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const heading = nameAndUnit(textOf(block.querySelector(MEASUREMENT_HEADING)));
  const table = block.querySelector('table');
  if (!heading || !table) throw new PageLayoutError('bloc de mesure sans titre ou sans tableau');
  const column = requireColumns(tableColumns(table), MEASUREMENT_COLUMNS);
  const rows = dataRows(table).filter((row) => !isMessageRow(row));
  return readRows(rows, `Mesure « ${heading.name} »`, ctx, (row) => {
    const shownValue = valueOf(cellAt(row, column.value));
    const readings = parseReadings(shownValue);
    if (readings === null) return []; // no value shown: nothing was measured
    const shownDate = valueOf(cellAt(row, column.date));
    const date = parseDateOrDateTime(shownDate);
    if (date === null) throw new MissingValueError('date de mesure');
    const names = measurementNames(heading.name, readings.values.length);
    if (names === null) throw new ParseError('mesure', shownValue ?? '');
    return readings.values.map((value, index) => ({
      kind: 'measurement' as const,
      ...common,
      date,
      name: names[index] ?? heading.name,
      code: null,
      value,
      unit: heading.unit ?? readings.unit,
    }));
  });
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  const common: Common = {
    source: 'espace-sante',
    patient: textOf(doc.querySelector(PATIENT)),
    sourceUrl: url.href,
  };
  switch (pageOf(doc)) {
    case 'documents':
      return { records: scrapeDocuments(doc, url, common, ctx) };
    case 'vaccinations':
      return { records: scrapeVaccinations(doc, common, ctx) };
    case 'measurements': {
      const blocks = Array.from(doc.querySelectorAll(MEASUREMENT_BLOCK));
      if (blocks.length === 0 && doc.querySelector(`${MEASUREMENTS} table`))
        throw new PageLayoutError('blocs de mesures introuvables');
      return { records: blocks.flatMap((block) => readMeasurementBlock(block, common, ctx)) };
    }
    default:
      throw new PageLayoutError('ni documents, ni vaccinations, ni mesures sur cette page');
  }
}

export default defineScraper({
  id: 'espace-sante',
  version: '2.0.0',
  label: 'Mon espace santé',
  kind: 'national-record',
  matches: ['https://www.monespacesante.fr/*'],
  produces: ['document', 'immunization', 'measurement'],
  detect,
  scrape,
  // The web app's pages carry the token its GraphQL requests need (./channels.ts).
  scopes: (doc) => (doc.querySelector(CSRF_TOKEN) && pageOf(doc) ? ['page', 'all'] : []),
});

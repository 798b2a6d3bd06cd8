/**
 * Laboratoire Bioclair (fictional lab), results online: a report ("compte rendu") gives one
 * `lab-result` record per analyte line, the reports list one `document` per report. Structure
 * and decisions: ../shared/portals/README.md ("labo").
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { parseDate, parseDateOrDateTime } from '../helpers/dates';
import { linesOf } from '../helpers/dom';
import { absoluteUrl, linkMimeType } from '../helpers/links';
import { ParseError } from '../helpers/parse-error';
import { parseReference } from '../helpers/ranges';
import { foldText, textOf, textWithout, valueOf } from '../helpers/text';
import { parseResultValue } from '../helpers/values';

/** A report's results, drawn late by the SPA variant (busy, with a "Chargement…" line, until then). */
const RESULTS = '#resultats';
const LOADING = '[aria-busy="true"], .chargement';
/** Report header: the patient (the civility is a separate `.civilite`), number, collection, prescriber, lab. */
const PATIENT = '.bloc-patient .patient-nom';
const CIVILITY = '.civilite';
const REPORT_ID = '#numDossier';
const COLLECTED = '.date-prelevement';
const PRESCRIBER = '.prescripteur .val';
/**
 * The lab, in order of preference: the report's own header, else any `.nom-labo`. The site's
 * banner has one too (the network's name, above every page), and it comes first in the page, so
 * the two are tried one after the other, not as one selector list (which takes the first in the page).
 */
const LAB = ['.entete-labo .nom-labo', '.nom-labo'];
/** One analyte line; a `.secondaire` line (empty analyte cell) is the previous analyte in another unit. */
const ROW = '.ligne-resultat';
/** The analyte's name in its cell (a mark may sit beside it). */
const ANALYTE = '.nom-analyse';
/** A section of the report and its title: the panel. */
const SECTION = '.section-resultats';
const SECTION_TITLE = '.titre-section, h2, h3';
/** The cells of a line, each with the column header that names it in the page. */
const CELLS = {
  analyte: { cell: '.c-analyse', header: 'Analyse' },
  result: { cell: '.c-resultat', header: 'Résultat' },
  unit: { cell: '.c-unite', header: 'Unité' },
  reference: { cell: '.c-reference', header: 'Valeurs de référence' },
} as const;
/** Previous results shown for comparison: never read, and their marks are not this result's. */
const HISTORY = '.c-anteriorite';
/** Flag marks (README "labo"): arrows and star beside the value, a highlighted value, a flag cell. */
const ARROW = '.fleche';
const STAR = '.etoile';
const FLAG_CELL = '.c-flag';
const MARKS: readonly [string, Flag][] = [
  [`${ARROW}.haut`, 'H'],
  [`${ARROW}.bas`, 'L'],
  [STAR, 'A'],
  ['.hors-normes.haut', 'H'],
  ['.hors-normes.bas', 'L'],
  ['.hors-normes.anormal', 'A'],
];
/** What a flag cell (or an arrow without its direction class) shows. */
const FLAG_TEXT: Readonly<Record<string, Flag>> = { H: 'H', '↑': 'H', L: 'L', '↓': 'L', '*': 'A', A: 'A' };
/** The value itself, without the marks drawn beside it. */
const VALUE = '.valeur';
const NOT_VALUE = `${ARROW}, ${STAR}, ${FLAG_CELL}`;
/** Reports list: one `.dossier` per report, the account holder in the header. */
const LIST = '.liste-dossiers';
const LIST_PAGE = 'main.liste-resultats';
const ACCOUNT_HOLDER = '.patient-nom';
const ITEM = '.dossier';
const ITEM_DATE = '.d-date';
const ITEM_TITLE = '.d-titre';
const ITEM_AUTHOR = '.d-auteur .nom';
const ITEM_STATUS = '.statut';
const ITEM_LINK = 'a.d-pdf';
/** A report still "En cours" has no file yet. */
const IN_PROGRESS = /en cours/;
/** Empty states: "Aucun résultat ne correspond à votre recherche", "Aucun compte rendu" (or "compte-rendu"). */
const NOTHING = /aucun (?:resultat|compte[\s-]rendu|dossier)/;

type Flag = 'H' | 'L' | 'A';
type PageType = 'report' | 'list';

/** Content the SPA is still drawing is not read yet: detect waits for it. */
const isLoading = (element: Element): boolean => element.matches(LOADING) || !!element.querySelector(LOADING);

function pageType(doc: Document): PageType | null {
  const results = doc.querySelector(RESULTS);
  if (results) return isLoading(results) ? null : 'report';
  const list = doc.querySelector(`${LIST}, ${LIST_PAGE}`);
  return list && !isLoading(list) ? 'list' : null;
}

const isEmptyState = (element: Element): boolean => NOTHING.test(foldText(element.textContent ?? ''));

/** Elements of the line matching `selector`, the line itself included, outside the history cell. */
function inRow(row: Element, selector: string): Element[] {
  const found: Element[] = row.matches(selector) ? [row] : [];
  for (const element of row.querySelectorAll(selector)) if (!element.closest(HISTORY)) found.push(element);
  return found;
}

/** Every element that can carry a line's flag: the line is searched once, not once per mark. */
const ANY_MARK = [...MARKS.map(([selector]) => selector), FLAG_CELL, ARROW].join(', ');

function flagOf(row: Element): Flag | null {
  const marks = inRow(row, ANY_MARK);
  if (marks.length === 0) return null;
  for (const [selector, flag] of MARKS) if (marks.some((mark) => mark.matches(selector))) return flag;
  const mark = marks.find((element) => element.matches(`${FLAG_CELL}, ${ARROW}`));
  return FLAG_TEXT[(textOf(mark) ?? '').toUpperCase()] ?? null;
}

interface Report {
  patient: string;
  date: string;
  reportId: string;
  lab: string | null;
  prescriber: string | null;
}

/** The header every line of the report shares; each part is required but the lab and prescriber. */
function readHeader(doc: Document): Report {
  const required = (selector: string, what: string): string => {
    const text = textWithout(doc.querySelector(selector), CIVILITY);
    if (text === null) throw new PageLayoutError(`${what} (${selector}) introuvable`);
    return text;
  };
  const collected = required(COLLECTED, 'date de prélèvement');
  let date: string | null = null;
  try {
    date = parseDateOrDateTime(collected);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
  }
  // Every line shares this date: none can be kept without it.
  if (date === null) throw new PageLayoutError(`date de prélèvement illisible : « ${collected} »`);
  return {
    patient: required(PATIENT, 'nom du patient'),
    date,
    reportId: required(REPORT_ID, 'numéro de dossier'),
    lab: LAB.map((selector) => textOf(doc.querySelector(selector))).find((name) => name !== null) ?? null,
    prescriber: valueOf(doc.querySelector(PRESCRIBER)),
  };
}

/** A line's cells; a missing one means the report's columns changed. */
function cellsOf(row: Element): Record<keyof typeof CELLS, Element> {
  const cell = (key: keyof typeof CELLS): Element => {
    const found = row.querySelector(CELLS[key].cell);
    if (!found)
      throw new PageLayoutError(`colonne « ${CELLS[key].header} » introuvable dans le compte rendu`);
    return found;
  };
  return {
    analyte: cell('analyte'),
    result: cell('result'),
    unit: cell('unit'),
    reference: cell('reference'),
  };
}

function readReport(doc: Document, url: URL, ctx: ScrapeContext): ScrapedRecord[] {
  const results = doc.querySelector(RESULTS);
  const rows = Array.from(results?.querySelectorAll(ROW) ?? []);
  if (!results || (rows.length === 0 && !isEmptyState(results)))
    throw new PageLayoutError('aucune ligne de résultat dans le compte rendu');
  const report = readHeader(doc);
  const records: ScrapedRecord[] = [];
  // Every line of a section shares its title: read once per section, not once per line.
  const panels = new Map<Element | null, string | null>();
  const panelOf = (row: Element): string | null => {
    const section = row.closest(SECTION);
    let panel = panels.get(section);
    if (panel === undefined) {
      panel = textOf(section?.querySelector(SECTION_TITLE));
      panels.set(section, panel);
    }
    return panel;
  };
  let analyte: string | null = null;
  rows.forEach((row, index) => {
    const cells = cellsOf(row);
    // A `.secondaire` line leaves the analyte cell empty: it is the previous analyte's.
    analyte = textWithout(cells.analyte.querySelector(ANALYTE) ?? cells.analyte, NOT_VALUE) ?? analyte;
    const value = cells.result.querySelector(VALUE) ?? cells.result;
    const result = parseResultValue(textWithout(value, NOT_VALUE));
    if (analyte === null || result === null) {
      const why = analyte === null ? 'analyse sans nom' : `${analyte} sans résultat`;
      ctx.problem({
        level: 'warning',
        message: `Ligne n°${index + 1} du compte rendu ignorée : ${why}`,
        detail: linesOf(row).join(' | '),
      });
      return;
    }
    const refText = valueOf(cells.reference);
    const reference = parseReference(refText);
    records.push({
      kind: 'lab-result',
      source: 'labo',
      patient: report.patient,
      date: report.date,
      sourceUrl: url.href,
      analyte,
      code: null,
      ...result,
      unit: valueOf(cells.unit),
      refLow: reference?.low ?? null,
      refHigh: reference?.high ?? null,
      refText,
      flag: flagOf(row),
      panel: panelOf(row),
      reportId: report.reportId,
      lab: report.lab,
      prescriber: report.prescriber,
      fromDocument: null,
    });
  });
  return records;
}

function readList(doc: Document, url: URL, ctx: ScrapeContext): ScrapedRecord[] {
  const list = doc.querySelector(LIST);
  if (!list) {
    const main = doc.querySelector(LIST_PAGE);
    if (main && isEmptyState(main)) return [];
    throw new PageLayoutError('liste des comptes rendus introuvable');
  }
  const patient = textOf(doc.querySelector(ACCOUNT_HOLDER));
  const records: ScrapedRecord[] = [];
  for (const item of Array.from(list.querySelectorAll(ITEM))) {
    const title = textOf(item.querySelector(ITEM_TITLE));
    const when = textOf(item.querySelector(ITEM_DATE));
    if (title === null || when === null) throw new PageLayoutError('compte rendu sans date ou sans titre');
    let date: string | null;
    try {
      date = parseDate(when);
      if (date === null) throw new ParseError('date', when);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({ level: 'warning', message: `Compte rendu « ${title} » ignoré : ${error.message}` });
      continue;
    }
    const pending = IN_PROGRESS.test(foldText(textOf(item.querySelector(ITEM_STATUS)) ?? ''));
    const link = pending ? null : item.querySelector(ITEM_LINK);
    const href = absoluteUrl(link?.getAttribute('href'), url);
    records.push({
      kind: 'document',
      source: 'labo',
      patient,
      date,
      sourceUrl: url.href,
      title,
      docType: 'lab-report',
      author: valueOf(item.querySelector(ITEM_AUTHOR)),
      url: href,
      mimeType: href === null ? null : linkMimeType(link),
      fileId: null,
      sha256: null,
    });
  }
  return records;
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  const type = pageType(doc);
  if (type === null) throw new PageLayoutError('ni compte rendu ni liste des comptes rendus');
  return { records: type === 'report' ? readReport(doc, url, ctx) : readList(doc, url, ctx) };
}

export default defineScraper({
  id: 'labo',
  version: '1.0.1',
  label: 'Laboratoire Bioclair (résultats en ligne)',
  kind: 'lab',
  matches: ['https://resultats.laboratoire-bioclair.fr/*'],
  produces: ['lab-result', 'document'],
  detect: (doc) => pageType(doc) !== null,
  scrape,
});

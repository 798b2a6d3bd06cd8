/**
 * MyChart (Lakeside Health, a fictional organisation; US formats): the test results list
 * (`document`) and a test result's detail (`lab-result`), as the SPA draws them from its
 * in-session answers, which the extension asks for itself (./channels.ts: every result, the
 * immunizations and the medications). URL paths and the detail's data after
 * Fan-Pier-Labs/mychart-connector and jmandel/mychart-takeout; the DOM is invented.
 * Decisions: docs/channels.md (« MyChart »).
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { componentResult, resultDocument, type Common } from './read';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { parseDateOrDateTime } from '../helpers/dates';
import { ParseError } from '../helpers/parse-error';
import { readRows } from '../helpers/rows';
import { foldText, textOf, valueOf } from '../helpers/text';

/** The logged-in patient, in the header (no proxy access in these pages). */
const PATIENT = '.user-info .patient-name';
/** Results list: one card per order, its name a link to the detail, then date and provider. */
const RESULT_LIST = '.resultList';
const RESULT_CARD = '.resultCard';
const RESULT_NAME = 'a.resultName';
const RESULT_DATE = '.resultDate';
const RESULT_PROVIDER = '.resultProvider';
/** An empty list says so instead of showing cards. */
const NO_RESULTS = /\bno (?:test )?results\b|\bany (?:test )?results\b/;
/** The results list's address, for an empty list that shows only its message. */
const LIST_PATH = /\/test-results\/?$/i;
/** Detail: the container the SPA fills, the order name (the panel), "Collected on" / "Resulted on". */
const DETAIL = '#testResultDetail';
const ORDER_NAME = '.orderName';
const COLLECTED = '.collectionTime';
const RESULTED = '.resultTime';
/** One component (analyte) of the order, by its data attribute (or card class), and its parts. */
const COMPONENT = '[data-component-id], .ComponentCard';
const COMPONENT_NAME = '.componentName';
const COMPONENT_VALUE = '.componentValue';
const COMPONENT_UNITS = '.units';
const COMPONENT_FLAG = '.flag';
const COMPONENT_RANGE = '.referenceRange';
/** "Ordering provider:" and "Resulting lab:" under Details. */
const ORDERING_PROVIDER = '.orderingProvider';
const RESULTING_LAB = '.resultingLab';
/** What the SPA variant shows until its script has drawn the detail. */
const LOADING = '[aria-busy="true"], [role="progressbar"]';

/** By its container, else (an empty list may show only its message) by the message on the list's URL. */
function pageOf(doc: Document, url: URL): 'list' | 'detail' | null {
  if (doc.querySelector(DETAIL)) return 'detail';
  if (doc.querySelector(RESULT_LIST)) return 'list';
  const message = foldText((doc.querySelector('main') ?? doc.body)?.textContent ?? '');
  return LIST_PATH.test(url.pathname) && NO_RESULTS.test(message) ? 'list' : null;
}

function detect(doc: Document, url: URL): boolean {
  const page = pageOf(doc, url);
  if (page === null || doc.querySelector(LOADING) !== null) return false;
  return page === 'list' || doc.querySelector(`${DETAIL} ${ORDER_NAME}`) !== null;
}

/** The flag as the page shows it: its text, else its class when it shows an icon only. */
function flagText(element: Element | null): string | null {
  return textOf(element) ?? element?.getAttribute('class')?.replace(/\bflag\b-?/g, '') ?? null;
}

function scrapeList(doc: Document, url: URL, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const list = doc.querySelector(RESULT_LIST);
  const cards = Array.from(list?.querySelectorAll(RESULT_CARD) ?? []);
  if (
    cards.length === 0 &&
    list?.querySelector('a[href]') &&
    !NO_RESULTS.test(foldText(list.textContent ?? ''))
  )
    throw new PageLayoutError('cartes de résultats introuvables');
  if (cards.some((card) => !card.querySelector(RESULT_NAME)))
    throw new PageLayoutError('résultat sans nom ni lien (a.resultName)');
  return readRows(cards, 'Résultat', ctx, (card) =>
    resultDocument(common, {
      title: valueOf(card.querySelector(RESULT_NAME)),
      date: textOf(card.querySelector(RESULT_DATE)),
      provider: valueOf(card.querySelector(RESULT_PROVIDER)),
    }),
  );
}

/** "Collected on", else "Resulted on"; the detail's every component shares it. */
function collectionDate(detail: Element): string {
  const shown = textOf(detail.querySelector(COLLECTED)) ?? textOf(detail.querySelector(RESULTED));
  try {
    const date = parseDateOrDateTime(shown, 'en');
    if (date !== null) return date;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    throw new PageLayoutError(`date de prélèvement illisible : « ${shown} »`);
  }
  throw new PageLayoutError('date de prélèvement (« Collected on ») introuvable');
}

function scrapeDetail(doc: Document, common: Common, ctx: ScrapeContext): ScrapedRecord[] {
  const detail = doc.querySelector(DETAIL);
  const panel = textOf(detail?.querySelector(ORDER_NAME));
  if (!detail || panel === null) throw new PageLayoutError('nom de la prescription (orderName) introuvable');
  // An order without components (imaging: a narrative report) holds no lab result.
  const components = Array.from(detail.querySelectorAll(COMPONENT));
  if (components.length === 0) return [];
  if (components.some((c) => !c.querySelector(COMPONENT_NAME) || !c.querySelector(COMPONENT_VALUE)))
    throw new PageLayoutError('composant sans nom ou sans valeur');
  const order = {
    date: collectionDate(detail),
    panel,
    lab: valueOf(detail.querySelector(RESULTING_LAB)),
    prescriber: valueOf(detail.querySelector(ORDERING_PROVIDER)),
  };
  return readRows(components, 'Composant', ctx, (component) =>
    componentResult(common, order, {
      name: textOf(component.querySelector(COMPONENT_NAME)),
      value: textOf(component.querySelector(COMPONENT_VALUE)),
      units: valueOf(component.querySelector(COMPONENT_UNITS)),
      range: valueOf(component.querySelector(COMPONENT_RANGE)),
      flag: flagText(component.querySelector(COMPONENT_FLAG)),
    }),
  );
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): { records: ScrapedRecord[] } {
  const common: Common = {
    source: 'mychart',
    patient: textOf(doc.querySelector(PATIENT)),
    sourceUrl: url.href,
  };
  switch (pageOf(doc, url)) {
    case 'list':
      return { records: scrapeList(doc, url, common, ctx) };
    case 'detail':
      return { records: scrapeDetail(doc, common, ctx) };
    default:
      throw new PageLayoutError('ni liste ni détail de résultats sur cette page');
  }
}

export default defineScraper({
  id: 'mychart',
  version: '1.1.0',
  label: 'MyChart (Lakeside Health)',
  kind: 'hospital',
  matches: ['https://mychart.lakesidehealth.org/MyChart/*'],
  produces: ['document', 'lab-result', 'immunization', 'medication'],
  detect,
  scrape,
  // Every MyChart page knows its instance's prefix, which is all the requests need (./channels.ts).
  scopes: (_doc, url) => (/^\/[^/]+\//.test(url.pathname) ? ['page', 'all'] : []),
});

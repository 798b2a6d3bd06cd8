/**
 * MyChart (Lakeside Health, a fictional organisation; US formats): the test results list
 * (`document`) and a test result's detail (`lab-result`). URL paths and the detail's data after
 * Fan-Pier-Labs/mychart-connector; the DOM is invented. Decisions: ../shared/portals/README.md
 * ("mychart").
 */
import type { HealthDocument, LabResult, ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext } from '../contract';
import { parseDateOrDateTime } from '../helpers/dates';
import { absoluteUrl } from '../helpers/links';
import { MissingValueError, ParseError } from '../helpers/parse-error';
import { parseReference } from '../helpers/ranges';
import { readRows } from '../helpers/rows';
import { foldText, textOf, valueOf } from '../helpers/text';
import { parseResultValue } from '../helpers/values';

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
/** README: XR/US/MRI orders are imaging, every other order a lab report. */
const IMAGING_ORDER = /^(?:XR|US|MRI)\b/i;

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

interface Common {
  source: 'mychart';
  patient: string | null;
  sourceUrl: string;
}

/**
 * High/Low/Abnormal (README), also as a letter or in the flag's class when it shows an icon only;
 * "Normal" is no flag, and any other mark (Critical…) is an abnormal result.
 */
function flagOf(element: Element | null): LabResult['flag'] {
  const flag = foldText(textOf(element) ?? element?.getAttribute('class')?.replace(/\bflag\b-?/g, '') ?? '');
  if (flag === '' || /^normal$/.test(flag)) return null;
  if (/^h$|\bhigh\b/.test(flag)) return 'H';
  if (/^l$|\blow\b/.test(flag)) return 'L';
  return 'A';
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
  return readRows(cards, 'Résultat', ctx, (card): ScrapedRecord => {
    const link = card.querySelector(RESULT_NAME);
    const title = valueOf(link);
    const date = parseDateOrDateTime(textOf(card.querySelector(RESULT_DATE)), 'en');
    if (title === null) throw new MissingValueError('nom du résultat');
    if (date === null) throw new MissingValueError('date du résultat');
    const docType: HealthDocument['docType'] = IMAGING_ORDER.test(title) ? 'imaging' : 'lab-report';
    return {
      kind: 'document',
      ...common,
      date,
      title,
      docType,
      author: valueOf(card.querySelector(RESULT_PROVIDER)),
      url: absoluteUrl(link?.getAttribute('href'), url),
      mimeType: null,
      fileId: null,
      sha256: null,
    };
  });
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
  const shared = {
    kind: 'lab-result' as const,
    ...common,
    date: collectionDate(detail),
    code: null,
    panel,
    reportId: null,
    lab: valueOf(detail.querySelector(RESULTING_LAB)),
    prescriber: valueOf(detail.querySelector(ORDERING_PROVIDER)),
  };
  return readRows(components, 'Composant', ctx, (component) => {
    const analyte = textOf(component.querySelector(COMPONENT_NAME));
    const result = parseResultValue(textOf(component.querySelector(COMPONENT_VALUE)), 'en');
    if (analyte === null) throw new MissingValueError('nom du composant');
    if (result === null) throw new MissingValueError(`valeur de « ${analyte} »`);
    const refText = valueOf(component.querySelector(COMPONENT_RANGE));
    const reference = parseReference(refText, 'en');
    return {
      ...shared,
      analyte,
      ...result,
      unit: valueOf(component.querySelector(COMPONENT_UNITS)),
      refLow: reference?.low ?? null,
      refHigh: reference?.high ?? null,
      refText,
      flag: flagOf(component.querySelector(COMPONENT_FLAG)),
    };
  });
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
  version: '1.0.0',
  label: 'MyChart (Lakeside Health)',
  kind: 'hospital',
  matches: ['https://mychart.lakesidehealth.org/MyChart/*'],
  produces: ['document', 'lab-result'],
  detect,
  scrape,
});

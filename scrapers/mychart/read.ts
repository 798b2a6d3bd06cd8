/**
 * How MyChart's results read, wherever they come from: the page (the detail the SPA draws, the
 * list of cards) or the JSON answers of `api/test-results/GetList` and `GetDetails` the page
 * draws them from. Both give plain strings to these functions, so that a result read from the
 * page and from the answer is one record (docs/channels.md, « MyChart »).
 */
import type { HealthDocument, LabResult, ScrapedRecord } from '../../storage/schemas';
import { parseDateOrDateTime } from '../helpers/dates';
import { MissingValueError } from '../helpers/parse-error';
import { parseReference } from '../helpers/ranges';
import { foldText, nullIfBlank } from '../helpers/text';
import { parseResultValue } from '../helpers/values';

/** README: XR/US/MRI orders are imaging, every other order a lab report. */
const IMAGING_ORDER = /^(?:XR|US|MRI)\b/i;

export interface Common {
  source: 'mychart';
  patient: string | null;
  sourceUrl: string;
}

/**
 * High/Low/Abnormal (README), also as a letter; "Normal" or nothing is no flag, and any other
 * mark (Critical…) is an abnormal result.
 */
export function flagOfText(text: string | null): LabResult['flag'] {
  const flag = foldText(text ?? '');
  if (flag === '' || /^normal$/.test(flag)) return null;
  if (/^h$|\bhigh\b/.test(flag)) return 'H';
  if (/^l$|\blow\b/.test(flag)) return 'L';
  return 'A';
}

/** One result of the list: a `document` (imaging or lab report), without a file of its own. */
export function resultDocument(
  common: Common,
  shown: { title: string | null; date: string | null; provider: string | null },
): ScrapedRecord {
  const title = nullIfBlank(shown.title);
  const date = parseDateOrDateTime(shown.date, 'en');
  if (title === null) throw new MissingValueError('nom du résultat');
  if (date === null) throw new MissingValueError('date du résultat');
  const docType: HealthDocument['docType'] = IMAGING_ORDER.test(title) ? 'imaging' : 'lab-report';
  return {
    kind: 'document',
    ...common,
    date,
    title,
    docType,
    author: nullIfBlank(shown.provider),
    // The result's page on the portal is not a file: the results themselves are the records.
    url: null,
    mimeType: null,
    fileId: null,
    sha256: null,
  };
}

/** What every component of one order shares. */
export interface Order {
  date: string;
  panel: string;
  lab: string | null;
  prescriber: string | null;
}

/** One component of an order, from its shown strings: a `lab-result`. */
export function componentResult(
  common: Common,
  order: Order,
  shown: {
    name: string | null;
    value: string | null;
    units: string | null;
    range: string | null;
    flag: string | null;
  },
): ScrapedRecord {
  const analyte = nullIfBlank(shown.name);
  const result = parseResultValue(shown.value, 'en');
  if (analyte === null) throw new MissingValueError('nom du composant');
  if (result === null) throw new MissingValueError(`valeur de « ${analyte} »`);
  const refText = nullIfBlank(shown.range);
  const reference = parseReference(refText, 'en');
  return {
    kind: 'lab-result',
    ...common,
    date: order.date,
    code: null,
    panel: order.panel,
    reportId: null,
    lab: order.lab,
    prescriber: order.prescriber,
    analyte,
    ...result,
    unit: nullIfBlank(shown.units),
    refLow: reference?.low ?? null,
    refHigh: reference?.high ?? null,
    refText,
    flag: flagOfText(shown.flag),
    fromDocument: null,
  };
}

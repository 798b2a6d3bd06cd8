/**
 * The data types of HL7 CDA R2 as records want them: dates (TS), codes (CD) as `SYSTEM|code`,
 * quantities and ranges (PQ, IVL_PQ, INT, REAL…), interpretation codes, people's names. Pure
 * functions of the elements; values are read from their attributes, never guessed from the
 * document's narrative.
 */
import type { LabResult } from '../../storage/schemas';
import { ParseError } from '../helpers/parse-error';
import { cleanText } from '../helpers/text';
import type { Comparator } from '../helpers/values';
import { attr, child, children, path, textIn, xsiType } from '../helpers/xml';

/** Code systems by OID, named as a record's `code` names them. */
const SYSTEMS: Record<string, string> = {
  '2.16.840.1.113883.6.1': 'LOINC',
  '2.16.840.1.113883.6.96': 'SNOMED',
  '2.16.840.1.113883.6.3': 'CIM-10',
  '2.16.840.1.113883.6.90': 'CIM-10',
  '2.16.840.1.113883.6.73': 'ATC',
  '1.2.250.1.213.2.3.1': 'CIS',
  '1.2.250.1.213.2.3.2': 'CIP',
  '2.16.840.1.113883.12.292': 'CVX',
  '2.16.840.1.113883.6.88': 'RxNorm',
  '2.16.840.1.113883.6.8': 'UCUM',
};

export const LOINC_OID = '2.16.840.1.113883.6.1';

/**
 * A TS (`20240305081500+0100`, `20240305`, `202403`) as a clinical date: the day, with the time
 * when it has one (local time as written, its zone dropped). Null for none or a nullFlavor.
 */
export function cdaDate(value: string | null): string | null {
  if (value === null) return null;
  // A report dates its results with a few instants: each is read once.
  const known = dates.get(value);
  if (known !== undefined) return known;
  const date = readDate(value);
  if (dates.size >= 1_024) dates.clear();
  dates.set(value, date);
  return date;
}

const dates = new Map<string, string>();

function readDate(value: string): string {
  const match = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(?:\d{2}(?:\.\d+)?)?)?(?:[+-]\d{4}|Z)?$/.exec(
    value.trim(),
  );
  if (!match) throw new ParseError('date', value);
  const [, year, month = '01', day = '01', hour, minute = '00'] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day))
    throw new ParseError('date', value);
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59)) throw new ParseError('date', value);
  return hour === undefined ? `${year}-${month}-${day}` : `${year}-${month}-${day}T${hour}:${minute}`;
}

/** The date of an element's `effectiveTime`: its value, else its `low`, else its `center`. */
export function effectiveDate(element: Element | null | undefined): string | null {
  const time = child(element, 'effectiveTime');
  return cdaDate(
    attr(time, 'value') ?? attr(child(time, 'low'), 'value') ?? attr(child(time, 'center'), 'value'),
  );
}

/** The end of an element's `effectiveTime` interval, when it has one. */
export function effectiveEnd(element: Element | null | undefined): string | null {
  return cdaDate(attr(child(child(element, 'effectiveTime'), 'high'), 'value'));
}

/** A code as `SYSTEM|code` (`LOINC|2345-7`, `CIM-10|J45.0`, the OID for a local system). */
export function codeOf(code: Element | null | undefined): string | null {
  const value = attr(code, 'code');
  const system = attr(code, 'codeSystem');
  if (value === null) return null;
  return `${(system && SYSTEMS[system]) ?? attr(code, 'codeSystemName') ?? system ?? 'local'}|${value}`;
}

/** What a code says in words: its display name, its original text, else its code. */
export function nameOf(code: Element | null | undefined): string | null {
  const shown = attr(code, 'displayName') ?? textIn(child(code, 'originalText'));
  if (shown) return cleanText(shown);
  for (const translation of children(code, 'translation')) {
    const name = attr(translation, 'displayName');
    if (name) return cleanText(name);
  }
  return null;
}

/**
 * A person's name as they are called: the prefix (Dr) kept, the first name they use (the one
 * marked `CL`, else the first of their given names), their usage name (a birth name, `BR`, only
 * when there is no other). `Prénom NOM`.
 */
export function personName(name: Element | null | undefined): string | null {
  if (!name) return null;
  const words = (parts: Element[]) =>
    parts.map((part) => textIn(part)).filter((part): part is string => part !== null);
  const given = children(name, 'given');
  const called = given.filter((part) => attr(part, 'qualifier') === 'CL');
  const families = children(name, 'family');
  const usage = families.filter((part) => attr(part, 'qualifier') !== 'BR');
  const parts = [
    ...words(children(name, 'prefix')),
    ...words(called.length > 0 ? called : given.slice(0, 1)),
    ...words(usage.length > 0 ? usage : families),
    ...words(children(name, 'suffix')),
  ];
  return parts.length > 0 ? cleanText(parts.join(' ')) : textIn(name);
}

/** Who an `assignedEntity`/`assignedAuthor` is: the person, else the organisation. */
export function whoIs(assigned: Element | null | undefined): string | null {
  return (
    personName(path(assigned, 'assignedPerson', 'name')) ??
    textIn(path(assigned, 'representedOrganization', 'name')) ??
    textIn(path(assigned, 'assignedAuthoringDevice', 'softwareName'))
  );
}

/** UCUM's annotations and special units, as a French lab report prints them. */
const UNIT_WORDS: Record<string, string> = {
  '{1.73_m2}': '1,73 m²',
  '{CFU}': 'UFC',
  '[iU]': 'UI',
  '[IU]': 'UI',
  'm[iU]': 'mUI',
  'm[IU]': 'mUI',
  'u[iU]': 'µUI',
  'u[IU]': 'µUI',
  'mm[Hg]': 'mmHg',
  '[pH]': '',
};

/**
 * A UCUM unit as a lab report prints it: `10*9/L` is G/L, `umol/L` µmol/L, `[iU]/L` UI/L,
 * `mL/min/{1.73_m2}` mL/min/1,73 m². `1` (no unit) is none.
 */
export function shownUnit(unit: string | null): string | null {
  if (unit === null || unit === '1') return null;
  // A report repeats a handful of units over its results: each is written out once.
  const known = shownUnits.get(unit);
  if (known !== undefined) return known;
  const shown = writeUnit(unit);
  if (shownUnits.size >= 1_024) shownUnits.clear();
  shownUnits.set(unit, shown);
  return shown;
}

const shownUnits = new Map<string, string | null>();

function writeUnit(unit: string): string | null {
  let shown = unit
    .replace(/^10\*9\//, 'G/')
    .replace(/^10\*12\//, 'T/')
    .replace(/10\*(\d+)/g, '10^$1')
    .replace(/(^|\/)u(?=(?:mol|g|L|l|kat|m)\b)/g, '$1µ');
  for (const [ucum, words] of Object.entries(UNIT_WORDS)) shown = shown.split(ucum).join(words);
  shown = shown.replace(/\{([^}]*)\}/g, '$1').trim();
  return shown === '' ? null : shown;
}

function unitOf(element: Element | null | undefined): string | null {
  return shownUnit(attr(element, 'unit'));
}

/** A number as written in the document (`12.6`, `0.45E2`), as a French report prints it: `12,6`, `45`. */
export function frenchNumber(text: string): string {
  const plain = /e/i.test(text) ? String(Number(text)) : text.replace(/^\+/, '');
  return plain.replace('.', ',');
}

const number = (text: string | null): number | null => {
  if (text === null || !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
};

export interface ReadValue {
  value: number | null;
  valueText: string;
  comparator: Comparator | null;
  unit: string | null;
}

/**
 * An observation's `value`, by its type: PQ (`5.2` mmol/L), IVL_PQ (`< 0.5`: one bound), INT,
 * REAL, RTO (`1:64`), coded (CD, CE…: what it says in words), text (ST). Null when it has no
 * value (a nullFlavor); throws ParseError on a number that is none.
 */
export function readValue(value: Element | null): ReadValue | null {
  if (!value || attr(value, 'nullFlavor')) return null;
  const type = xsiType(value);
  switch (type) {
    case 'PQ':
    case 'INT':
    case 'REAL':
    case 'MO': {
      const text = attr(value, 'value');
      const parsed = number(text);
      if (text === null) return null;
      if (parsed === null) throw new ParseError('valeur', text);
      return {
        value: parsed,
        valueText: frenchNumber(text),
        comparator: null,
        unit: type === 'PQ' ? unitOf(value) : null,
      };
    }
    case 'IVL_PQ': {
      const low = child(value, 'low');
      const high = child(value, 'high');
      const bound = high ?? low;
      const text = attr(bound, 'value');
      const parsed = number(text);
      if (bound === null || text === null) return null;
      if (parsed === null) throw new ParseError('valeur', text);
      const inclusive = attr(bound, 'inclusive') !== 'false';
      // One bound is a result beyond the method's range (`< 0.5`); two are no single value.
      if (low && high) {
        return {
          value: null,
          valueText: `${frenchNumber(attr(low, 'value') ?? '')} – ${frenchNumber(text)}`,
          comparator: null,
          unit: unitOf(high),
        };
      }
      const comparator: Comparator = high ? (inclusive ? '<=' : '<') : inclusive ? '>=' : '>';
      return {
        value: parsed,
        valueText: `${comparator} ${frenchNumber(text)}`,
        comparator,
        unit: unitOf(bound),
      };
    }
    case 'RTO':
    case 'RTO_PQ_PQ':
    case 'RTO_INT_INT': {
      const numerator = attr(child(value, 'numerator'), 'value');
      const denominator = attr(child(value, 'denominator'), 'value');
      return numerator && denominator
        ? { value: null, valueText: `${numerator}:${denominator}`, comparator: null, unit: null }
        : null;
    }
    case 'BL': {
      const truth = attr(value, 'value');
      return truth
        ? { value: null, valueText: truth === 'true' ? 'Positif' : 'Négatif', comparator: null, unit: null }
        : null;
    }
    case 'CD':
    case 'CE':
    case 'CV':
    case 'CO':
    case 'CS': {
      const shown = nameOf(value) ?? attr(value, 'code');
      return shown ? { value: null, valueText: shown, comparator: null, unit: null } : null;
    }
    default: {
      const text = textIn(value);
      return text ? { value: null, valueText: text, comparator: null, unit: null } : null;
    }
  }
}

/** A reference range (`referenceRange/observationRange`): its bounds and its text as written. */
export function readRange(observation: Element): {
  low: number | null;
  high: number | null;
  text: string | null;
} {
  const range = path(observation, 'referenceRange', 'observationRange');
  const value = child(range, 'value');
  const low = number(attr(child(value, 'low'), 'value'));
  const high = number(attr(child(value, 'high'), 'value'));
  const written = textIn(child(range, 'text'));
  if (written) return { low, high, text: written };
  if (low === null && high === null) return { low, high, text: null };
  const unit = unitOf(child(value, 'high')) ?? unitOf(child(value, 'low'));
  const shown = (bound: number | null) => frenchNumber(String(bound));
  const bounds =
    low !== null && high !== null
      ? `${shown(low)} – ${shown(high)}`
      : low !== null
        ? `≥ ${shown(low)}`
        : `≤ ${shown(high)}`;
  return { low, high, text: unit ? `${bounds} ${unit}` : bounds };
}

/**
 * The flag of an `interpretationCode` (HL7 v3 ObservationInterpretation): high, low, or abnormal
 * (A, AA, a susceptibility R…); N and none are no flag.
 */
export function flagOf(observation: Element): LabResult['flag'] {
  const code = attr(child(observation, 'interpretationCode'), 'code')?.toUpperCase() ?? null;
  if (code === null || code === 'N' || code === 'S' || code === 'NEG') return null;
  if (['H', 'HH', 'HU', '>'].includes(code)) return 'H';
  if (['L', 'LL', 'LU', '<'].includes(code)) return 'L';
  return 'A';
}

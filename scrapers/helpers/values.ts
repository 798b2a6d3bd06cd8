/**
 * Lab result values: `5,2`, `< 0,10`, `≤ 2`, `>60`, `Négatif`. The value is a number only when
 * the page shows one; `valueText` keeps the text as shown, whatever it is.
 */
import { numberOrNull } from './numbers';
import { ParseError, type Locale } from './parse-error';
import { foldText, nullIfBlank } from './text';

export type Comparator = '<' | '<=' | '>' | '>=';

export interface ResultValue {
  value: number | null;
  comparator: Comparator | null;
  valueText: string;
}

/** Leading comparators, on folded text (`inférieur à` → `inferieur a`), longest forms first. */
const COMPARATORS: readonly [RegExp, Comparator][] = [
  [/^(?:<=|≤|=<|<\s*ou\s*=|inf(?:\.|erieure?)?\s+ou\s+egale?\s+a)\s*/, '<='],
  [/^(?:>=|≥|=>|>\s*ou\s*=|sup(?:\.|erieure?)?\s+ou\s+egale?\s+a)\s*/, '>='],
  [/^(?:<|inf(?:\.|erieure?)?\s+a|less than)\s*/, '<'],
  [/^(?:>|sup(?:\.|erieure?)?\s+a|greater than)\s*/, '>'],
];

/**
 * `"5,2"` → 5.2; `"< 0,10"` → 0.1 with comparator `<`; `"Négatif"`, `"traces"`, `"Positif"` →
 * value null. Null only for a blank cell (there is then no result to record).
 */
export function parseResultValue(text: string | null | undefined, locale: Locale = 'fr'): ResultValue | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const valueText = clean;
  const folded = foldText(clean);
  for (const [pattern, comparator] of COMPARATORS) {
    const match = pattern.exec(folded);
    if (!match) continue;
    const value = numberOrNull(folded.slice(match[0].length), locale);
    // `< seuil` has no number to compare with: keep the text, claim nothing.
    return value === null ? { value: null, comparator: null, valueText } : { value, comparator, valueText };
  }
  return { value: numberOrNull(folded, locale), comparator: null, valueText };
}

export interface Readings {
  /** One number, or several for a compound reading (`118/75`: systolic, diastolic). */
  values: number[];
  /** The unit written after the number(s), or null. */
  unit: string | null;
}

/** Where a unit starts: the first character that cannot belong to the number(s). */
const UNIT_START = /[^\d\s.,/+\-\u2212]/;

/**
 * A measurement as shown: `64,7 kg` → `{ values: [64.7], unit: 'kg' }`, `118/75 mmHg` →
 * `{ values: [118, 75], unit: 'mmHg' }`, `70` → no unit. Blank → null; garbage throws `ParseError`.
 */
export function parseReadings(text: string | null | undefined, locale: Locale = 'fr'): Readings | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const start = UNIT_START.exec(clean)?.index ?? clean.length;
  const numbers = clean.slice(0, start).trim();
  const values = numbers === '' ? [] : numbers.split('/').map((part) => numberOrNull(part.trim(), locale));
  if (values.length === 0 || values.some((value) => value === null)) throw new ParseError('mesure', clean);
  return { values: values as number[], unit: nullIfBlank(clean.slice(start)) };
}

/** A heading that names a quantity and its unit: `Poids (kg)` → `{ name: 'Poids', unit: 'kg' }`. */
export function nameAndUnit(text: string | null | undefined): { name: string; unit: string | null } | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const match = /^(?<name>.*?)\s*\((?<unit>[^()]*)\)$/.exec(clean);
  const name = nullIfBlank(match?.groups?.['name']);
  if (!match || name === null) return { name: clean, unit: null };
  return { name, unit: nullIfBlank(match.groups?.['unit']) };
}

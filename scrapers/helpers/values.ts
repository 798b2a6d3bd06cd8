/**
 * Lab result values: `5,2`, `< 0,10`, `≤ 2`, `>60`, `Négatif`. The value is a number only when
 * the page shows one; `valueText` keeps the text as shown, whatever it is.
 */
import { parseNumber } from './numbers';
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

function numberOrNull(text: string, locale: Locale): number | null {
  try {
    return parseNumber(text, locale);
  } catch (error) {
    if (error instanceof ParseError) return null;
    throw error;
  }
}

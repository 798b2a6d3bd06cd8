/**
 * Reference ranges of lab results: `(4,1 - 5,9)`, `< 5,0`, `inf. à 1,0`, `> 40`, `>=60`.
 * Only the bounds are read; the record keeps the text as shown in `refText`, so a reference this
 * does not understand (`Négatif`, `Homme : 13-17`) gives no bounds rather than a wrong one.
 */
import { parseNumber } from './numbers';
import type { Locale } from './parse-error';
import { foldText, nullIfBlank } from './text';

export interface Reference {
  low: number | null;
  high: number | null;
}

/** One number in the locale's notation (thousands groups allowed: `150 000`, `1,500`). */
const NUMBER: Record<Locale, string> = {
  fr: String.raw`[-−+]?(?:[1-9]\d{0,2}(?: \d{3})+|\d+)(?:[.,]\d+)?`,
  en: String.raw`[-−+]?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?`,
};

/** A unit may follow the bounds (`< 5,0 mmol/L`, `150 000 - 400 000 /mm3`); it is not read. */
const UNIT_TAIL = String.raw`(?:\s*[a-zµ%°/*].*)?`;
/** Folded text: accents gone, so `inférieur à` reads `inferieur a`. */
const BELOW = String.raw`(?:<=?|≤|=<|<\s*ou\s*=|inf(?:\.|erieure?)?(?:\s+ou\s+egale?)?\s+a|jusqu'a|max(?:imum)?\.?\s*:?|less than|below|under|up to)`;
const ABOVE = String.raw`(?:>=?|≥|=>|>\s*ou\s*=|sup(?:\.|erieure?)?(?:\s+ou\s+egale?)?\s+a|min(?:imum)?\.?\s*:?|greater than|above|over|at least)`;
const BETWEEN = String.raw`\s*(?:-|–|—|\s+a\s+|\s+to\s+|\s+et\s+|\s+and\s+)\s*`;

function patterns(locale: Locale) {
  const n = `(${NUMBER[locale]})`;
  return {
    range: new RegExp(`^(?:entre\\s+|between\\s+)?${n}${BETWEEN}${n}${UNIT_TAIL}$`),
    below: new RegExp(`^${BELOW}\\s*${n}${UNIT_TAIL}$`),
    above: new RegExp(`^${ABOVE}\\s*${n}${UNIT_TAIL}$`),
  };
}

const PATTERNS: Record<Locale, ReturnType<typeof patterns>> = { fr: patterns('fr'), en: patterns('en') };

/**
 * The bounds of a reference, one side null for `< 5,0` or `> 40`; null when the text gives no
 * numeric bound (blank, qualitative such as `Négatif`, or a form not understood).
 */
export function parseReference(text: string | null | undefined, locale: Locale = 'fr'): Reference | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const folded = foldText(clean)
    .replace(/^[([]\s*([^()[\]]*?)\s*[)\]]/, '$1')
    .replace(/\s*:\s*$/, '');
  const { range, below, above } = PATTERNS[locale];
  const number = (s: string | undefined): number | null => parseNumber(s, locale);
  try {
    let m = range.exec(folded);
    if (m) {
      const [low, high] = [number(m[1]), number(m[2])];
      // `5,9 - 4,1` is a typo or not a range: bounds in the wrong order would flag every result.
      return low !== null && high !== null && low <= high ? { low, high } : null;
    }
    m = below.exec(folded);
    if (m) return { low: null, high: number(m[1]) };
    m = above.exec(folded);
    if (m) return { low: number(m[1]), high: null };
  } catch {
    // A token the pattern took for a number but parseNumber refuses (`1 23`): no bounds.
  }
  return null;
}

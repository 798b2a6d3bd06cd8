/**
 * Numbers as portals print them. French: `1 234,56 €` (the thousands separator may be a space,
 * U+00A0 or U+202F, sometimes a dot); US: `$1,783.00`. Signs are kept: a régularisation is a
 * negative amount and must stay one.
 *
 * Blank cells (`''`, `-`, `Non renseigné`…) give `null`; anything else that is not a number throws
 * `ParseError`, so a scraper reports the row instead of storing a wrong value.
 */
import { ParseError, type Locale } from './parse-error';
import { nullIfBlank } from './text';

const MINUS = /^[-\u2212]$/; // hyphen-minus or U+2212 MINUS SIGN (typographic statements)

/** Sign and currency may sit either side: `-12,00 €`, `-$12.00`, `$-12.00`, `− 2,00`. */
const AMOUNT =
  /^(?<sign1>[+\-\u2212]?)\s*(?:€|US\$|\$|EUR|USD)?\s*(?<sign2>[+\-\u2212]?)\s*(?<digits>\d[\d .,]*?)\s*(?:€|EUR|euros?|\$|USD)?$/i;
const SIGNED_NUMBER = /^(?<sign1>[+\-\u2212]?)\s*(?<digits>\d[\d .,]*?)$/;
const PERCENT = /^(?<sign1>[+\-\u2212]?)\s*(?<digits>\d[\d .,]*?)\s*%?$/;

const FR_GROUPED = /^[1-9]\d{0,2}(?<sep>[ .])\d{3}(?:\k<sep>\d{3})*(?:,\d+)?$/;
const FR_PLAIN = /^\d+(?:,\d+)?$/;
// A dot decimal on a French page (`12.50`) is tolerated: `1.234` is taken as grouped above first.
const FR_DOT_DECIMAL = /^\d+\.\d+$/;
const EN_GROUPED = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;
const EN_PLAIN = /^\d+(?:\.\d+)?$/;

/** Unsigned digits in the locale's notation, or null when they are not a well-formed number. */
function unsigned(digits: string, locale: Locale): number | null {
  let canonical: string | null = null;
  if (locale === 'fr') {
    if (FR_GROUPED.test(digits)) canonical = digits.replace(/[ .]/g, '').replace(',', '.');
    else if (FR_PLAIN.test(digits)) canonical = digits.replace(',', '.');
    else if (FR_DOT_DECIMAL.test(digits)) canonical = digits;
  } else if (EN_GROUPED.test(digits)) canonical = digits.replace(/,/g, '');
  else if (EN_PLAIN.test(digits)) canonical = digits;
  return canonical === null ? null : Number(canonical);
}

function signed(match: RegExpExecArray | null, locale: Locale): number | null {
  const groups = match?.groups;
  if (!groups) return null;
  const sign1 = groups['sign1'] ?? '';
  const sign2 = groups['sign2'] ?? '';
  if (sign1 !== '' && sign2 !== '') return null;
  const value = unsigned((groups['digits'] ?? '').trim(), locale);
  if (value === null) return null;
  const negative = MINUS.test(sign1 || sign2);
  // `-0,00 €` is zero: -0 would compare unequal to 0 in tests and print as 0 anyway.
  return negative && value !== 0 ? -value : value;
}

/**
 * `"1 234,56 €"` → 1234.56, `"-12,00 €"` → -12, `"0,00 €"` → 0, `"$1,783.00"` → 1783,
 * `"(12.00)"` → -12 (US accounting notation, `en` only). Blank → null; garbage throws `ParseError`.
 */
export function parseAmount(text: string | null | undefined, locale: Locale = 'fr'): number | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const accounting = locale === 'en' ? /^\((?<inner>[^()]+)\)$/.exec(clean)?.groups?.['inner'] : undefined;
  const value = signed(AMOUNT.exec((accounting ?? clean).trim()), locale);
  if (value === null || (accounting !== undefined && value < 0)) throw new ParseError('montant', clean);
  return accounting !== undefined && value !== 0 ? -value : value;
}

/** A bare number, no currency: `"5,2"`, `"-3"`, `"1 234"`, `"0.56"` (en). Blank → null. */
export function parseNumber(text: string | null | undefined, locale: Locale = 'fr'): number | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const value = signed(SIGNED_NUMBER.exec(clean), locale);
  if (value === null) throw new ParseError('nombre', clean);
  return value;
}

/**
 * `parseNumber` for text that may well not be a number (`Négatif` in a result column): null
 * instead of an error. An error captures a stack trace; a lab report can hold hundreds of these.
 */
export function numberOrNull(text: string | null | undefined, locale: Locale = 'fr'): number | null {
  const clean = nullIfBlank(text);
  return clean === null ? null : signed(SIGNED_NUMBER.exec(clean), locale);
}

/** `"70 %"`, `"70%"`, `"65,5 %"`, `"100"` → the percentage as a number (70). Blank → null. */
export function parsePercent(text: string | null | undefined, locale: Locale = 'fr'): number | null {
  const clean = nullIfBlank(text);
  if (clean === null) return null;
  const value = signed(PERCENT.exec(clean), locale);
  if (value === null) throw new ParseError('pourcentage', clean);
  return value;
}

/** The taux of a French statement: `"70 %"` → 70. */
export function parseRate(text: string | null | undefined): number | null {
  try {
    return parsePercent(text, 'fr');
  } catch (error) {
    throw error instanceof ParseError ? new ParseError('taux', error.text) : error;
  }
}

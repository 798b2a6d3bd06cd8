/**
 * Text as the record model wants it (docs/records.md): trimmed, inner white space
 * collapsed, `null` when the page shows nothing.
 */
import { normalizeSpace } from '../../storage/text';

/** Trims and collapses every run of white space, U+00A0 and U+202F included. */
export function cleanText(text: string): string {
  return normalizeSpace(text);
}

/**
 * Cell contents that portals write for "no value". Compared after cleaning and ignoring case,
 * so `non renseigné` counts too; a lone dash is the usual empty cell on French statements.
 */
export const BLANK_MARKERS: readonly string[] = ['', '-', '–', '—', 'non renseigné', 'non renseignée'];

/** The cleaned text, or `null` when it is empty or a "no value" marker. */
export function nullIfBlank(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const clean = cleanText(text);
  return BLANK_MARKERS.includes(clean.toLowerCase()) ? null : clean;
}

/**
 * An element's `textContent`, cleaned; `null` when the element is missing or shows no text.
 * `textContent` (not `innerHTML`) so escaped markup in a label stays the literal text it is.
 */
export function textOf(element: Element | null | undefined): string | null {
  const text = cleanText(element?.textContent ?? '');
  return text === '' ? null : text;
}

/** `textOf` with the "no value" markers (`-`, `Non renseigné`…) read as `null`. */
export function valueOf(element: Element | null | undefined): string | null {
  return nullIfBlank(element?.textContent);
}

/** Lower case, accents removed, white space collapsed: for comparing labels, never for output. */
export function foldText(text: string): string {
  const clean = cleanText(text);
  // Plain ASCII has no accent to remove: skip the Unicode decomposition, the costly part.
  return (NON_ASCII.test(clean) ? clean.normalize('NFD').replace(/\p{M}/gu, '') : clean).toLowerCase();
}

const NON_ASCII = /[^ -~\t\n\r]/;

/**
 * `textOf` without the descendants that match `selector` (a flag arrow beside a value, a
 * screen-reader-only label): the element itself is left untouched.
 */
export function textWithout(element: Element | null | undefined, selector: string): string | null {
  if (!element) return null;
  // Most elements hold nothing to leave out: read them as they are, without copying.
  if (element.querySelector(selector) === null) return textOf(element);
  const copy = element.cloneNode(true) as Element;
  for (const part of Array.from(copy.querySelectorAll(selector))) part.remove();
  return textOf(copy);
}

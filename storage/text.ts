/**
 * Text normalisation shared by the schemas and the scrapers. Kept free of zod so the content
 * script, which bundles every scraper, stays small.
 */

/** Collapses every run of white space (U+00A0 and U+202F included, as `\s` does) and trims. */
export function normalizeSpace(text: string): string {
  // Most cells are already clean: testing is cheaper than rebuilding every string (2 000-row pages).
  return NEEDS_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** White space other than a single plain space: what `normalizeSpace` has to collapse. */
const NEEDS_COLLAPSE = /[^\S ]| {2}/;

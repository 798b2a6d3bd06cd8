/**
 * Text normalisation shared by the schemas and the scrapers. Kept free of zod so the content
 * script, which bundles every scraper, stays small.
 */

/** Collapses every run of white space (U+00A0 and U+202F included, as `\s` does) and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

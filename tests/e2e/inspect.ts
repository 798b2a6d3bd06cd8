/**
 * What the injection browser test (injection-all.e2e.test.ts) looks at: a page's DOM for elements
 * a payload would have made, and the exported files as a spreadsheet and a FHIR reader see them.
 */
import type { Page } from 'puppeteer-core';
import { buttonRoot } from '../../tools/button-root';

/**
 * Elements a payload would have made, had it been parsed as HTML anywhere in the page, its shadow
 * roots included (the save button's closed one too, reached as developer tools reach it): images
 * and SVG with handlers, inline scripts, `javascript:` links.
 */
export async function injected(page: Page): Promise<number> {
  const count = (start: Document | ShadowRoot) => {
    const selector =
      'img[src="x"], svg[onload], [onerror], [onload], script:not([src]), a[href^="javascript:" i], iframe[src^="javascript:" i]';
    let found = 0;
    const roots: (Document | ShadowRoot)[] = [start];
    while (roots.length > 0) {
      const root = roots.pop()!;
      found += root.querySelectorAll(selector).length;
      for (const element of root.querySelectorAll('*'))
        if (element.shadowRoot) roots.push(element.shadowRoot);
    }
    return found;
  };
  const doc = await page.evaluateHandle(() => document);
  const inPage = await doc.evaluate(count);
  await doc.dispose();
  const button = await buttonRoot(page);
  if (!button) return inPage;
  const inButton = await button.evaluate(count);
  await button.dispose();
  return inPage + inButton;
}

/** RFC 4180, as the export writes it (CRLF, quotes doubled), after its byte-order mark. */
export function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== separator && c !== '\r')) {
      cell += c;
    } else if (c === separator) {
      row.push(cell);
      cell = '';
    } else {
      // CRLF ends the line.
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    }
  }
  return rows;
}

/** Every string in a JSON value, keys included. */
export function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    into.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) strings(item, into);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      strings(item, into);
    }
  }
  return into;
}

/**
 * The shared fixture runner: each portal's test is the one line `runFixtures(import.meta.url)`.
 *
 * Every `fixtures/<case>.html` of the portal's folder is scraped as the URL of its
 * `<case>.expected.json` and must give exactly its `records` (or, with `"expectError": true`,
 * a broken-layout status). Adding a case needs no code: drop the two files in. `*.spa.html`
 * pages draw their data with a script, which never runs here: the browser e2e tests read them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHtml, urlComment } from '../tools/parse-html';
import { findScraper, scraperById } from './registry';
import { runScraper } from './runner';
import { validateRecords } from '../storage/validate';

export interface ExpectedFile {
  url: string;
  records: unknown[] | null;
  expectError?: boolean;
}

const HTML = '.html';
const EXPECTED = '.expected.json';
const SPA = '.spa';

/** The portal folder: from a test's `import.meta.url`, or a portal id. */
function portalFolder(portal: string): string {
  return portal.startsWith('file:')
    ? dirname(fileURLToPath(portal))
    : join(dirname(fileURLToPath(import.meta.url)), portal);
}

export interface FixtureCase {
  name: string;
  html: string;
  expected: string;
  spa: boolean;
}

/** The folder's cases, and the files that have no partner (an HTML without expected, or the reverse). */
export function listFixtures(folder: string): { cases: FixtureCase[]; orphans: string[] } {
  const dir = join(folder, 'fixtures');
  const files = new Set(readdirSync(dir));
  const names = new Set<string>();
  const orphans: string[] = [];
  for (const file of files) {
    if (file.endsWith(HTML)) names.add(file.slice(0, -HTML.length));
    else if (file.endsWith(EXPECTED)) names.add(file.slice(0, -EXPECTED.length));
    else orphans.push(file);
  }
  const cases: FixtureCase[] = [];
  for (const name of [...names].sort()) {
    const html = `${name}${HTML}`;
    const expected = `${name}${EXPECTED}`;
    if (!files.has(html)) orphans.push(expected);
    else if (!files.has(expected)) orphans.push(html);
    else cases.push({ name, html: join(dir, html), expected: join(dir, expected), spa: name.endsWith(SPA) });
  }
  return { cases, orphans: orphans.sort() };
}

export function runFixtures(portal: string): void {
  const folder = portalFolder(portal);
  const id = basename(folder);
  const { cases, orphans } = listFixtures(folder);

  describe(`${id}: fixtures`, () => {
    it('every page has its expected file and every expected file its page', () => {
      expect(orphans, 'fixtures without a partner').toEqual([]);
      expect(cases.filter((c) => !c.spa).length, 'at least one fixture readable offline').toBeGreaterThan(0);
    });

    for (const fixture of cases) {
      if (fixture.spa) {
        it.skip(`${fixture.name} (SPA: read by the browser e2e tests)`, () => {});
        continue;
      }
      it(fixture.name, () => {
        const scraper = scraperById(id);
        expect(scraper, `scraper « ${id} » registered in scrapers/registry.ts`).not.toBeNull();
        if (!scraper) return;
        const expected = JSON.parse(readFileSync(fixture.expected, 'utf8')) as ExpectedFile;
        const html = readFileSync(fixture.html, 'utf8');
        const commented = urlComment(html);
        if (commented !== null) expect(commented, "the page's url comment").toBe(expected.url);

        const url = new URL(expected.url);
        const page = parseHtml(html, url.href);
        try {
          const result = runScraper(scraper, page.document, url, validateRecords);
          if (expected.expectError) {
            expect(result.status, JSON.stringify(result.problems)).toBe('broken');
            expect(result.records).toEqual([]);
            return;
          }
          expect(findScraper(page.document, url)?.id, 'the registry picks this scraper for the page').toBe(
            id,
          );
          expect(result.status, JSON.stringify(result.problems)).toBe('ok');
          expect(result.records).toEqual(expected.records);
        } finally {
          void page.close();
        }
      });
    }
  });
}

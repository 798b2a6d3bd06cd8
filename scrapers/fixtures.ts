/**
 * The shared fixture runner: each portal's test is the one line `runFixtures(import.meta.url)`.
 *
 * Every `fixtures/<case>.html` of the portal's folder is scraped as the URL of its
 * `<case>.expected.json` and must give exactly its `records` (or, with `"expectError": true`,
 * a broken-layout status). Adding a case needs no code: drop the two files in. `*.spa.html`
 * pages draw their data with a script, which never runs here: each portal's `cases.test.ts`
 * draws them as their script does (`readDrawnSpa`), and the browser e2e tests read them.
 *
 * The pieces below the runner (reading a case, scraping it, comparing records) are shared with
 * `npm run fixtures:update`, so the tool writes exactly what this runner will compare.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseHtml, urlComment } from '../tools/parse-html';
import type { Scraper } from './contract';
import { findScraper, scraperById } from './registry';
import { describeSessions } from './session-fixtures';
import { runScraper, type RunResult } from './runner';
import { recordId } from '../storage/ids';
import type { Problem, ScrapedRecord } from '../storage/schemas';
import { validateRecords } from '../storage/validate';

export interface ExpectedFile {
  url: string;
  records: unknown[] | null;
  expectError?: boolean;
}

const HTML = '.html';
const EXPECTED = '.expected.json';
const SPA = '.spa';
const PROJECT = dirname(dirname(fileURLToPath(import.meta.url)));

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

export function readExpected(path: string): ExpectedFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ExpectedFile;
}

/** A case of a portal (a test's `import.meta.url`, or a portal id) by name: its page and expected file. */
export function readCase(portal: string, name: string): { html: string; expected: ExpectedFile } {
  const folder = join(portalFolder(portal), 'fixtures');
  return {
    html: readFileSync(join(folder, `${name}${HTML}`), 'utf8'),
    expected: readExpected(join(folder, `${name}${EXPECTED}`)),
  };
}

/**
 * A `*.spa.html` case as the content script meets it: not recognised before its script draws,
 * recognised after, by its own scraper. Scripts never run here: `draw` does what the page's
 * script does 300 ms after load (and may check the page half drawn). Returns the scraper's run of
 * the drawn page with the case's expected file, for the caller's checks of what it read.
 */
export function readDrawnSpa(
  scraper: Scraper,
  name: string,
  draw: (document: Document, html: string) => void,
): { result: RunResult; expected: ExpectedFile } {
  const { html, expected } = readCase(scraper.id, name);
  const url = new URL(expected.url);
  const { document } = parseHtml(html, url.href);
  expect(scraper.detect(document, url)).toBe(false);
  expect(findScraper(document, url)).toBeNull();
  draw(document, html);
  expect(scraper.detect(document, url)).toBe(true);
  expect(findScraper(document, url)?.id).toBe(scraper.id);
  return { result: runScraper(scraper, document, url, validateRecords), expected };
}

/** The JSON a SPA page's script embeds as `var <name> = {…};`, the data it draws. */
export function embeddedData<T>(html: string, name: string): T {
  const json = new RegExp(`var ${name} = (\\{.*\\});`).exec(html)?.[1];
  if (!json) throw new Error('the SPA fixture changed shape');
  return JSON.parse(json) as T;
}

/** What a SPA page's script does to one of its containers: fills it, then says it is no longer busy. */
export function drawInto(document: Document, id: string, html: string): void {
  const target = document.getElementById(id);
  if (!target) throw new Error('the SPA fixture changed shape');
  target.innerHTML = html;
  target.removeAttribute('aria-busy');
}

export interface FixtureRun {
  result: RunResult;
  /** The scraper that claims the page (matches its URL and detects it), or null. */
  recognisedBy: string | null;
}

/**
 * Scrapes a saved page as the given URL, as the extension would. `pick` says which scraper
 * claims the page: the registry's choice by default; the update tool passes the folder's own.
 */
export function runFixture(
  scraper: Scraper,
  html: string,
  url: URL,
  pick: (doc: Document, url: URL) => Scraper | null = findScraper,
): FixtureRun {
  const page = parseHtml(html, url.href);
  try {
    return {
      result: runScraper(scraper, page.document, url, validateRecords),
      recognisedBy: pick(page.document, url)?.id ?? null,
    };
  } finally {
    void page.close();
  }
}

/** Fields the storage adds when it saves a record: never part of an expected file. */
const STORAGE_FIELDS: readonly string[] = ['id', 'captureId', 'capturedAt', 'updatedAt'];

/** Records as an expected file holds them. */
export function toExpectedRecords(records: readonly unknown[]): unknown[] {
  return records.map((record) =>
    typeof record === 'object' && record !== null && !Array.isArray(record)
      ? Object.fromEntries(Object.entries(record).filter(([key]) => !STORAGE_FIELDS.includes(key)))
      : record,
  );
}

// --- Readable differences --------------------------------------------------------------------

const MAX_LINES = 40;
const MAX_VALUE = 70;
/** The field that names a record for a person, by kind (whichever the record has first). */
const NAME_FIELDS = ['analyte', 'act', 'title', 'name', 'vaccine', 'service', 'table'] as const;

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function show(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_VALUE ? `${json.slice(0, MAX_VALUE)}…` : json;
}

/** `lab-result « Hématocrite » 2024-03-05T08:12`: enough to find the record in the page. */
function label(record: unknown): string {
  if (!isFields(record)) return show(record);
  const name = NAME_FIELDS.map((field) => record[field]).find((value) => typeof value === 'string');
  const parts = [String(record['kind'] ?? '?')];
  if (typeof name === 'string') parts.push(`« ${name} »`);
  if (typeof record['date'] === 'string') parts.push(record['date']);
  return parts.join(' ');
}

/** Identity used to pair records: the storage id when the record is well-formed enough. */
function identity(record: unknown): string {
  try {
    return recordId(record as ScrapedRecord);
  } catch {
    return JSON.stringify(record) ?? '';
  }
}

/** Pairs of positions with the same identity, in order (longest common subsequence). */
function anchors(expected: readonly string[], actual: readonly string[]): [number, number][] {
  const rows = expected.length + 1;
  const cols = actual.length + 1;
  const length = new Uint32Array(rows * cols);
  for (let i = expected.length - 1; i >= 0; i--)
    for (let j = actual.length - 1; j >= 0; j--)
      length[i * cols + j] =
        expected[i] === actual[j]
          ? (length[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(length[(i + 1) * cols + j] ?? 0, length[i * cols + j + 1] ?? 0);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < expected.length && j < actual.length) {
    if (expected[i] === actual[j]) pairs.push([i++, j++]);
    else if ((length[(i + 1) * cols + j] ?? 0) >= (length[i * cols + j + 1] ?? 0)) i++;
    else j++;
  }
  return pairs;
}

function fieldDifferences(expected: unknown, actual: unknown): string[] {
  if (!isFields(expected) || !isFields(actual))
    return isDeepStrictEqual(expected, actual) ? [] : [`  expected ${show(expected)}, got ${show(actual)}`];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return keys.flatMap((key) => {
    if (!(key in actual)) return [`  ${key}: expected ${show(expected[key])}, missing from the output`];
    if (!(key in expected)) return [`  ${key}: not in the expected file, got ${show(actual[key])}`];
    return isDeepStrictEqual(expected[key], actual[key])
      ? []
      : [`  ${key}: expected ${show(expected[key])}, got ${show(actual[key])}`];
  });
}

/**
 * Field-by-field differences between expected and scraped records, one line per field, records
 * numbered from 1 as in the expected file. Records are paired by identity first, so one record
 * added at the top does not make every following record look changed; what is left between two
 * pairs is compared by position (a changed date changes the identity, not the position).
 */
export function recordDifferences(expected: readonly unknown[], actual: readonly unknown[]): string[] {
  const lines: string[] = [];
  const compare = (i: number, j: number): void => {
    const fields = fieldDifferences(expected[i], actual[j]);
    if (fields.length === 0) return;
    const where = i === j ? '' : ` (n°${j + 1} in the output)`;
    lines.push(`record n°${i + 1}${where}, ${label(expected[i])}:`, ...fields);
  };
  let i = 0;
  let j = 0;
  const pairs = anchors(expected.map(identity), actual.map(identity));
  for (const [pairI, pairJ] of [...pairs, [expected.length, actual.length] as [number, number]]) {
    while (i < pairI && j < pairJ) compare(i++, j++);
    for (; i < pairI; i++) lines.push(`record n°${i + 1} missing from the output: ${label(expected[i])}`);
    for (; j < pairJ; j++) lines.push(`extra record, n°${j + 1} of the output: ${label(actual[j])}`);
    if (pairI < expected.length) compare(i++, j++);
  }
  return lines;
}

/** The assertion message of a fixture whose records differ: the differences, then what to do. */
export function differenceReport(
  expectedFile: string,
  portal: string,
  expected: readonly unknown[] | null,
  actual: readonly unknown[],
): string {
  const lines =
    expected === null
      ? ['the expected file has "records": null without "expectError": true']
      : recordDifferences(expected, actual);
  const shown =
    lines.length > MAX_LINES
      ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more line(s)`]
      : lines;
  return [
    `${relative(PROJECT, expectedFile)} ≠ the scraper's output (${expected?.length ?? 0} expected, ${actual.length} got):`,
    ...shown,
    `If the new output is the right one: npm run fixtures:update -- ${portal}, then review the JSON diff.`,
  ].join('\n');
}

function problemList(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.level} : ${p.message}${p.detail ? ` [${p.detail}]` : ''}`).join('\n');
}

// --- The runner ------------------------------------------------------------------------------

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
        const expected = readExpected(fixture.expected);
        const html = readFileSync(fixture.html, 'utf8');
        const commented = urlComment(html);
        if (commented !== null) expect(commented, "the page's url comment").toBe(expected.url);

        const { result, recognisedBy } = runFixture(scraper, html, new URL(expected.url));
        if (expected.expectError) {
          expect(
            result.status,
            `expectError: the page should be refused as broken, but it gives ${result.records.length} record(s); ` +
              `if it really is readable now, npm run fixtures:update -- ${id} rewrites its expected file\n` +
              problemList(result.problems),
          ).toBe('broken');
          expect(result.records).toEqual([]);
          return;
        }
        expect(result.status, `the scraper refused the page:\n${problemList(result.problems)}`).toBe('ok');
        expect(recognisedBy, 'the registry picks this scraper for the page (matches + detect)').toBe(id);
        // The message tells the field-by-field story; vitest adds its own structural diff below it.
        const report = isDeepStrictEqual(result.records, expected.records)
          ? ''
          : differenceReport(fixture.expected, id, expected.records, result.records);
        expect(result.records, report).toEqual(expected.records);
      });
    }
  });
  describeSessions(() => scraperById(id), folder, id);
}

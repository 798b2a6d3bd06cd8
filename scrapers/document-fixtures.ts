/**
 * The document readers' fixture runner, as ./fixtures.ts is the portals': each reader's test is
 * the one line `runDocumentFixtures(import.meta.url)`.
 *
 * Every `fixtures/<case>.xml` or `.pdf` of the reader's folder is read as a file the person
 * brought (the pipeline of the dashboard's « Importer un document » and of `npm run scrape`) and
 * must give exactly its `<case>.expected.json`: the status, the document record, the rendition's
 * type, the records and the problems' messages. Adding a case needs no code: drop the two files
 * in, then `npm run fixtures:update -- <reader>` writes the expected file for review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDocumentFile } from '../tools/parse-document';

export const DOCUMENT_EXTENSIONS = ['.xml', '.pdf'] as const;
const EXPECTED = '.expected.json';

export interface DocumentCase {
  name: string;
  file: string;
  expected: string;
}

/** What a case gives, in the shape of its expected file. */
export interface DocumentExpected {
  status: 'ok' | 'broken' | 'failed' | 'unrecognised';
  reader: string | null;
  document: unknown;
  rendition: string | null;
  records: unknown[];
  problems: string[];
}

/** The folder's cases, and the files that have no partner. */
export function listDocumentFixtures(folder: string): { cases: DocumentCase[]; orphans: string[] } {
  const dir = join(folder, 'fixtures');
  const files = new Set(readdirSync(dir));
  const cases: DocumentCase[] = [];
  const orphans: string[] = [];
  for (const file of [...files].sort()) {
    const extension = DOCUMENT_EXTENSIONS.find((ext) => file.endsWith(ext));
    if (extension) {
      const name = file.slice(0, -extension.length);
      if (files.has(`${name}${EXPECTED}`))
        cases.push({ name, file: join(dir, file), expected: join(dir, `${name}${EXPECTED}`) });
      else orphans.push(file);
    } else if (file.endsWith(EXPECTED)) {
      const name = file.slice(0, -EXPECTED.length);
      if (!DOCUMENT_EXTENSIONS.some((ext) => files.has(`${name}${ext}`))) orphans.push(file);
    } else {
      orphans.push(file);
    }
  }
  return { cases, orphans };
}

/** Reads one case as a brought file. */
export async function readDocumentCase(path: string): Promise<DocumentExpected> {
  const { reading } = await readDocumentFile(readFileSync(path), basename(path));
  if (!reading) {
    return {
      status: 'unrecognised',
      reader: null,
      document: null,
      rendition: null,
      records: [],
      problems: [],
    };
  }
  return {
    status: reading.status,
    reader: `${reading.reader.id} ${reading.reader.version}`,
    document: reading.document,
    rendition: reading.rendition?.mimeType ?? null,
    records: reading.records,
    problems: reading.problems.map(
      (problem) => `${problem.level === 'error' ? 'erreur' : 'attention'} : ${problem.message}`,
    ),
  };
}

export function readDocumentExpected(path: string): DocumentExpected {
  return JSON.parse(readFileSync(path, 'utf8')) as DocumentExpected;
}

/** One test per case of the calling reader's folder. */
export function runDocumentFixtures(testUrl: string): void {
  const folder = dirname(fileURLToPath(testUrl));
  const { cases } = listDocumentFixtures(folder);
  describe(`${basename(folder)} documents`, () => {
    it('has cases', () => expect(cases.length).toBeGreaterThan(0));
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const got = await readDocumentCase(c.file);
      const expected = readDocumentExpected(c.expected);
      // The reader's version is not compared: bumping it must not rewrite every expected file.
      expect({ ...got, reader: got.reader?.split(' ')[0] ?? null }).toEqual({
        ...expected,
        reader: expected.reader?.split(' ')[0] ?? null,
      });
    });
  });
}

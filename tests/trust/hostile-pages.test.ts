/**
 * The hostile variants of the demo pages (./hostile-pages.ts) do what the browser test relies on:
 * each scraper, reading its page's variant, puts a payload into every text field it fills, and
 * keeps every record valid.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTALS_DIR } from '../../demo/server';
import { findScraper } from '../../scrapers/registry';
import { runScraper } from '../../scrapers/runner';
import { applyImport } from '../../storage/archive/apply';
import { planImport } from '../../storage/archive/plan';
import { deleteDb, openDb } from '../../storage/db';
import { RECORD_KINDS } from '../../storage/schemas';
import { validateRecords } from '../../storage/validate';
import { parseHtml } from '../../tools/parse-html';
import { hostileArchive, hostileRecords, refusedArchive } from './hostile-archive';
import {
  carriesPayload,
  filledTextFields,
  hostileCases,
  hostilePage,
  JAVASCRIPT_URL,
  textFields,
} from './hostile-pages';

function read(html: string, url: string) {
  const { document, close } = parseHtml(html, url);
  try {
    const scraper = findScraper(document, new URL(url));
    if (!scraper) throw new Error(`no scraper recognises the hostile ${url}`);
    return runScraper(scraper, document, new URL(url), validateRecords);
  } finally {
    void close();
  }
}

describe('hostile demo pages', () => {
  it('name the text fields of every kind', () => {
    expect(Object.fromEntries(RECORD_KINDS.map((kind) => [kind, textFields(kind)]))).toMatchObject({
      reimbursement: ['patient', 'act', 'provider', 'ref'],
      'table-row': ['patient', 'table'],
    });
  });

  it.each(hostileCases().map((c) => [c.file, c] as const))(
    '%s: a payload in every text field the scraper fills',
    (_file, page) => {
      const html = readFileSync(join(DEFAULT_PORTALS_DIR, page.file), 'utf8');
      const run = read(hostilePage(html, page.url, page.records), page.url);
      expect(run.status, run.problems.map((p) => p.message).join('\n')).toBe('ok');
      // A payload glued to a number's unit may make a row unreadable (espace-sante's "118/75
      // <payload>mmHg"): the row is left out, but never stored wrong.
      expect(run.records.length).toBeGreaterThanOrEqual(page.records.length / 2);
      const carrying = new Set(
        run.records.flatMap((record) =>
          Object.entries(record)
            .filter(([, value]) => typeof value === 'string' && carriesPayload(value))
            .map(([field]) => `${record.kind}.${field}`),
        ),
      );
      expect([...filledTextFields(page.records)].filter((field) => !carrying.has(field))).toEqual([]);
    },
  );

  it('turn a document link into a javascript: URL, which no record keeps', () => {
    const page = hostileCases().find((c) => c.records.some((r) => r.kind === 'document' && r.url))!;
    const html = hostilePage(
      readFileSync(join(DEFAULT_PORTALS_DIR, page.file), 'utf8'),
      page.url,
      page.records,
      {
        javascriptLink: true,
      },
    );
    expect(html).toContain(JAVASCRIPT_URL);
    const run = read(html, page.url);
    expect(run.records.some((r) => r.kind === 'document' && r.url === null)).toBe(true);
    expect(JSON.stringify(run.records)).not.toContain('javascript:alert(5)');
  });
});

describe('hostile archive', () => {
  it('is imported whole: every kind, every text field a payload, kept as it was', async () => {
    const db = openDb(`hostile-archive-${crypto.randomUUID()}`);
    try {
      const records = hostileRecords();
      expect(new Set(records.map((r) => r.kind))).toEqual(new Set(RECORD_KINDS));
      for (const record of records) {
        for (const field of textFields(record.kind)) {
          expect(carriesPayload((record as Record<string, string>)[field]!), `${record.kind}.${field}`).toBe(
            true,
          );
        }
      }
      await applyImport(db, await planImport(db, new Blob([hostileArchive()])));
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      expect((await db.records.toArray()).sort(byId)).toEqual([...records].sort(byId));
      expect(await db.captures.count()).toBe(2);
    } finally {
      await deleteDb(db);
    }
  });

  it('with a javascript: address is refused, and nothing is written', async () => {
    const db = openDb(`hostile-archive-${crypto.randomUUID()}`);
    try {
      await expect(planImport(db, new Blob([refusedArchive()]))).rejects.toThrow(/sourceUrl/);
      expect(await db.records.count()).toBe(0);
    } finally {
      await deleteDb(db);
    }
  });
});

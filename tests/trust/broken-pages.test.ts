/**
 * Every fixture page, broken in many ways: each variant gives valid records or a clear error,
 * never an exception out of the runner and never a partial write.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScraper } from '../../scrapers/runner';
import { scraperById, scrapers } from '../../scrapers/registry';
import { deleteDb, openDb, type MesDonneesDb } from '../../storage/db';
import { saveCapture } from '../../storage/save-capture';
import { validateRecords } from '../../storage/validate';
import { parseHtml, urlComment } from '../../tools/parse-html';
import { MUTATIONS, seeded } from './mutations';

const SCRAPERS = join(import.meta.dirname, '../../scrapers');
const VARIANTS_PER_MUTATION = 3;

const pages = scrapers.flatMap((scraper) =>
  readdirSync(join(SCRAPERS, scraper.id, 'fixtures'))
    .filter((file) => file.endsWith('.html') && !file.endsWith('.spa.html'))
    .map((file) => {
      const html = readFileSync(join(SCRAPERS, scraper.id, 'fixtures', file), 'utf8');
      return { scraper: scraper.id, file, html, url: urlComment(html)! };
    }),
);

const variants = pages.flatMap((page, p) =>
  MUTATIONS.flatMap((mutation, m) =>
    Array.from({ length: VARIANTS_PER_MUTATION }, (_, n) => {
      const random = seeded(p * 1000 + m * 10 + n);
      const { document, close } = parseHtml(page.html, page.url);
      const html = mutation.apply(document, page.html, random);
      void close();
      return html === null ? [] : [{ page, mutation: mutation.name, n, html }];
    }).flat(),
  ),
);

let db: MesDonneesDb;
beforeAll(() => {
  db = openDb(`broken-${crypto.randomUUID()}`);
});
afterAll(() => deleteDb(db));

describe('broken pages', () => {
  it('come in at least 200 variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(200);
  });

  it.each(variants.map((v) => [`${v.page.scraper}/${v.page.file}: ${v.mutation} #${v.n}`, v] as const))(
    '%s gives valid records or a clear error',
    async (_name, variant) => {
      const scraper = scraperById(variant.page.scraper)!;
      const { document, close } = parseHtml(variant.html, variant.page.url);
      const url = new URL(variant.page.url);
      try {
        // A broken page may no longer be recognised at all: then no button, nothing to save.
        if (!scraper.detect(document, url)) return;
        const run = runScraper(scraper, document, url, validateRecords);
        // A crash inside a scraper is a bug: a changed page must read as "broken", in words.
        expect(run.status, run.problems.map((p) => `${p.message} ${p.detail ?? ''}`).join('\n')).not.toBe(
          'failed',
        );
        if (run.status === 'broken') {
          expect(run.records).toEqual([]);
          expect(run.problems.some((p) => p.level === 'error' && p.message.includes(scraper.version))).toBe(
            true,
          );
        }
        for (const problem of run.problems) expect(problem.message.trim()).not.toBe('');

        // What the background would store: everything valid, or nothing but the capture.
        const before = await db.records.count();
        const capture = await saveCapture(db, {
          source: scraper.id,
          url: url.href,
          title: 'variant',
          scraper: run.scraper,
          startedAt: new Date().toISOString(),
          records: run.status === 'ok' ? run.records : [],
          problems: run.problems,
        });
        const { added, invalid } = capture.counts;
        expect(invalid).toBe(0);
        expect(await db.records.count()).toBe(before + added);
      } finally {
        await close();
      }
    },
  );
});

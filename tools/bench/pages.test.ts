import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ameli from '../../scrapers/ameli';
import labo from '../../scrapers/labo';
import { runScraper } from '../../scrapers/runner';
import { recordId } from '../../storage/ids';
import type { ScrapedRecord } from '../../storage/schemas';
import { parseHtml, urlComment } from '../parse-html';
import { benchPage, readBenchHtml, resizeAmeliPage, resizedUrl } from './pages';
import { walkAmeli, walkLabo } from './walk';

// The 2 000-row pages take seconds each in happy-dom: the tests cut them small.
const ameliBench = benchPage('ameli');
const ameliHtml = readBenchHtml(ameliBench);
const small = resizeAmeliPage(ameliHtml, 250);
const smallUrl = resizedUrl(ameliBench.url, 250);
const laboReport = join(import.meta.dirname, '../../scrapers/labo/fixtures/compte-rendu.html');

async function scrape(html: string, url: string, scraper = ameli): Promise<ScrapedRecord[]> {
  const page = parseHtml(html, url);
  try {
    const run = runScraper(scraper, page.document, new URL(url));
    expect(run.status).toBe('ok');
    return run.records;
  } finally {
    await page.close();
  }
}

/** Runs a baseline walk as the browser would: on the page as the global document. */
async function walk(html: string, url: string, walker: typeof walkAmeli) {
  const page = parseHtml(html, url);
  try {
    vi.stubGlobal('document', page.document);
    vi.stubGlobal('location', new URL(url));
    return walker().rows;
  } finally {
    vi.unstubAllGlobals();
    await page.close();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('resized ameli bench pages', () => {
  it('cuts the page after the payment that reaches the size asked', async () => {
    expect(small.acts).toBeGreaterThanOrEqual(250);
    expect(small.acts).toBeLessThan(270);
    expect(await scrape(small.html, smallUrl)).toHaveLength(small.acts);
  });

  it('repeats the payments past the page size, years moved back, as new records', async () => {
    const large = resizeAmeliPage(small.html, small.acts + 100);
    const records = await scrape(large.html, smallUrl);
    expect(records).toHaveLength(large.acts);
    // The bench page itself shows a few acts twice (saved once): only the copies are checked.
    const original = new Set(records.slice(0, small.acts).map(recordId));
    const repeated = records.slice(small.acts).map(recordId);
    expect(repeated.length).toBeGreaterThanOrEqual(100);
    expect(repeated.filter((id) => original.has(id))).toEqual([]);
  });

  it('is served at page 1 URL plus a parameter of its own', () => {
    const url = new URL(resizedUrl(ameliBench.url, 250));
    expect(url.searchParams.get('bench')).toBe('rows-250');
    url.searchParams.delete('bench');
    expect(url.href).toBe(ameliBench.url);
  });
});

describe('baseline walks', () => {
  it('read one row per record the ameli scraper reads, from the same cells', async () => {
    const rows = await walk(small.html, smallUrl, walkAmeli);
    const records = await scrape(small.html, smallUrl);
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const record = records[i];
      expect(record?.kind === 'reimbursement' && [record.patient, record.act]).toEqual([
        row.patient,
        row.act,
      ]);
    });
  });

  it('read one row per record the labo scraper reads', async () => {
    const html = readFileSync(laboReport, 'utf8');
    const url = urlComment(html) ?? '';
    const rows = await walk(html, url, walkLabo);
    const records = await scrape(html, url, labo);
    expect(records.length).toBeGreaterThan(5);
    expect(rows).toHaveLength(records.length);
    expect(rows.map((row) => row.analyte)).toEqual(
      records.map((r) => (r.kind === 'lab-result' ? r.analyte : null)),
    );
  });
});

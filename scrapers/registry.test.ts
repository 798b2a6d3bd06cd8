import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../tools/parse-html';
import { listFixtures } from './fixtures';
import { listDocumentFixtures } from './document-fixtures';
import { documentReaderById, documentReaders } from './document-registry';
import { findScraper, matchesPattern, matchesUrl, scraperById, scrapers, scrapersForUrl } from './registry';

const PAYMENTS =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page';

describe('matchesPattern', () => {
  it.each([
    ['https://assure.ameli.fr/*', PAYMENTS, true],
    ['https://assure.ameli.fr/*', 'https://assure.ameli.fr/', true],
    ['https://assure.ameli.fr/*', 'https://ASSURE.ameli.fr/x', true],
    ['https://assure.ameli.fr/*', 'http://assure.ameli.fr/x', false],
    ['https://assure.ameli.fr/*', 'https://assure.ameli.fr.evil.example/x', false],
    ['https://assure.ameli.fr/*', 'https://evil.example/assure.ameli.fr/', false],
    ['https://assure.ameli.fr/*', 'https://www.ameli.fr/', false],
    ['*://*.example.com/*', 'http://a.b.example.com/x', true],
    ['*://*.example.com/*', 'https://example.com/', true],
    ['*://*.example.com/*', 'https://notexample.com/', false],
    ['*://*.example.com/*', 'ftp://example.com/', false],
    ['https://*/*', 'https://anything.example/x', true],
    ['https://x.fr/results/*', 'https://x.fr/results/1', true],
    ['https://x.fr/results/*', 'https://x.fr/other/1', false],
    ['https://x.fr/*_pageLabel=as_paiements_page*', PAYMENTS.replace('assure.ameli.fr', 'x.fr'), true],
    ['https://x.fr/a.b', 'https://x.fr/aXb', false],
    ['https://assure.ameli.fr/*', 'https://assure.ameli.fr:8443/x', true],
    ['https://x.fr:8443/*', 'https://x.fr:8443/', true],
    ['https://x.fr:8443/*', 'https://x.fr/', false],
    ['<all_urls>', 'https://x.fr/', true],
    ['<all_urls>', 'chrome://settings/', false],
  ])('%s ~ %s → %s', (pattern, url, expected) => {
    expect(matchesPattern(pattern, new URL(url))).toBe(expected);
  });

  it.each([['assure.ameli.fr/*'], ['https://assure.ameli.fr'], ['https://a*b.fr/*'], ['gopher://x.fr/*']])(
    'refuses the malformed pattern %s',
    (pattern) => {
      expect(() => matchesPattern(pattern, new URL('https://x.fr/'))).toThrow('Motif');
    },
  );
});

describe('the registry', () => {
  it('lists each scraper once, with well-formed patterns', () => {
    const ids = scrapers.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const scraper of scrapers) {
      expect(scraper.matches.length, scraper.id).toBeGreaterThan(0);
      for (const pattern of scraper.matches)
        expect(() => matchesPattern(pattern, new URL('https://x.fr/'))).not.toThrow();
    }
  });

  it('finds scrapers by URL and by id', () => {
    expect(scrapersForUrl(new URL(PAYMENTS)).map((s) => s.id)).toEqual(['ameli']);
    expect(scrapersForUrl(new URL('https://www.example.com/'))).toEqual([]);
    const ameli = scraperById('ameli');
    expect(ameli && matchesUrl(ameli, new URL(PAYMENTS))).toBe(true);
    expect(scraperById('nope')).toBeNull();
  });

  it('picks the scraper that matches the URL and recognises the page', () => {
    const html = readFileSync(join(import.meta.dirname, 'ameli/fixtures/paiements.html'), 'utf8');
    expect(findScraper(parseHtml(html, PAYMENTS).document, new URL(PAYMENTS))?.id).toBe('ameli');
    // The same page elsewhere is not the portal's.
    const elsewhere = 'https://assure.ameli.fr.example.org/paiements';
    expect(findScraper(parseHtml(html, elsewhere).document, new URL(elsewhere))).toBeNull();
    const blank = parseHtml('<html><body><p>Bonjour</p></body></html>', PAYMENTS).document;
    expect(findScraper(blank, new URL(PAYMENTS))).toBeNull();
  });
});

/** Every portal folder is registered, named after its id, tested and given fixtures. */
describe('scraper folders', () => {
  const root = import.meta.dirname;
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'index.ts')))
    .map((entry) => entry.name);

  it('finds at least one portal folder', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  const documentFolders = folders.filter((folder) => documentReaderById(folder) !== null);
  const portalFolders = folders.filter((folder) => documentReaderById(folder) === null);

  it.each(documentFolders)(
    '%s (documents) is registered under its folder name, tested and given fixtures',
    async (folder) => {
      const module = (await import(`./${folder}/index.ts`)) as { default: unknown };
      const reader = documentReaderById(folder);
      expect(module.default, 'the registered reader is the folder default export').toBe(reader);
      expect(scraperById(folder), 'a folder is a portal or a document format, not both').toBeNull();
      expect(reader?.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(reader?.produces.length).toBeGreaterThan(0);
      const test = join(root, folder, `${folder}.test.ts`);
      expect(existsSync(test), `${folder}/${folder}.test.ts`).toBe(true);
      expect(readFileSync(test, 'utf8')).toContain('runDocumentFixtures(import.meta.url)');
      const { cases, orphans } = listDocumentFixtures(join(root, folder));
      expect(orphans).toEqual([]);
      expect(cases.length).toBeGreaterThan(0);
    },
  );

  it('registers no document reader without its folder', () => {
    for (const reader of documentReaders) expect(documentFolders, reader.id).toContain(reader.id);
  });

  it.each(portalFolders)(
    '%s is registered under its folder name and follows the contract',
    async (folder) => {
      const module = (await import(`./${folder}/index.ts`)) as { default: unknown };
      const registered = scraperById(folder);
      expect(registered, `add ${folder} to scrapers/registry.ts`).not.toBeNull();
      expect(module.default, 'the registered scraper is the folder default export').toBe(registered);
      expect(registered?.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(registered?.produces.length).toBeGreaterThan(0);
    },
  );

  it.each(portalFolders)('%s has a one-line fixture test and paired fixtures', (folder) => {
    const test = join(root, folder, `${folder}.test.ts`);
    expect(existsSync(test), `${folder}/${folder}.test.ts`).toBe(true);
    expect(readFileSync(test, 'utf8')).toContain('runFixtures(import.meta.url)');
    const { cases, orphans } = listFixtures(join(root, folder));
    expect(orphans).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });

  it('registers no scraper without its folder', () => {
    for (const scraper of scrapers) expect(folders, scraper.id).toContain(scraper.id);
  });
});

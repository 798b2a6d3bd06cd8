import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ameli from '../scrapers/ameli';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { saveCapture } from '../storage/save-capture';
import { parseHtml } from '../tools/parse-html';
import { outcomeOf } from '../lib/capture-outcome';
import { readPage } from './page-capture';
import { saveAllPages, totals, type SaveAllDeps } from './save-all';

const PORTALS = join(import.meta.dirname, '../demo/portals');
const index = JSON.parse(readFileSync(join(PORTALS, 'index.json'), 'utf8')) as {
  portals: { id: string; pages: { file: string; url: string; recordCount: number; spa: boolean }[] }[];
};
const history = index.portals.find((portal) => portal.id === 'ameli')!.pages.filter((page) => !page.spa);
const html = (url: string) => {
  const page = history.find((p) => p.url === url);
  if (!page) throw new Error(`404 ${url}`);
  return readFileSync(join(PORTALS, page.file), 'utf8');
};
const first = history[0]!;

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`save-all-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

function deps(overrides: Partial<SaveAllDeps> = {}): SaveAllDeps {
  return {
    fetchPage: async (url) => html(url.href),
    parse: (text) => parseHtml(text, first.url).document,
    capture: async (doc, url) => {
      const { status, capture, records } = readPage(ameli, doc, url);
      return outcomeOf(status, { ok: true, capture: await saveCapture(db, { ...capture, records }) });
    },
    onProgress: vi.fn(),
    ...overrides,
  };
}

async function run(overrides: Partial<SaveAllDeps> = {}, start = first.url, page = html(start)) {
  const { document } = parseHtml(page, start);
  const d = deps(overrides);
  return { outcome: await saveAllPages(ameli, document, new URL(start), d), deps: d };
}

describe('Tout enregistrer', () => {
  it('saves every page of the history, one capture each, with progress', async () => {
    const { outcome, deps: d } = await run();
    const expected = history.reduce((sum, page) => sum + page.recordCount, 0);
    expect(outcome.stop).toBe('last-page');
    expect(outcome.pages.map((p) => p.url)).toEqual(history.map((p) => p.url));
    expect(totals(outcome)).toMatchObject({ found: expected, added: expected, invalid: 0 });
    expect(await db.records.count()).toBe(expected);
    expect(await db.captures.count()).toBe(3);
    expect(vi.mocked(d.onProgress).mock.calls.map(([p]) => p)).toEqual([
      { page: 1, pages: 3 },
      { page: 2, pages: 3 },
      { page: 3, pages: 3 },
    ]);
  });

  it('adds nothing the second time', async () => {
    await run();
    const { outcome } = await run();
    expect(totals(outcome)).toMatchObject({ added: 0, updated: 0, unchanged: 32 });
  });

  it('stops on the first page it cannot load, keeping the pages before it', async () => {
    const fetchPage = vi.fn(async (url: URL) => {
      if (url.href.endsWith('numPage=3')) throw new Error('le portail a répondu par une erreur 500');
      return html(url.href);
    });
    const { outcome } = await run({ fetchPage });
    expect(outcome).toMatchObject({
      stop: 'error',
      at: 3,
      detail: 'le portail a répondu par une erreur 500',
    });
    expect(outcome.pages).toHaveLength(2);
    expect(await db.records.count()).toBe(history[0]!.recordCount + history[1]!.recordCount);
  });

  it('stops when the next page is not one it recognises (a login page)', async () => {
    const { outcome } = await run({
      fetchPage: async () => '<html><body><form>Connexion</form></body></html>',
    });
    expect(outcome).toMatchObject({ stop: 'error', at: 2 });
    expect(outcome.pages).toHaveLength(1);
  });

  it('never follows a link to another host', async () => {
    const elsewhere = html(first.url).replace(
      /href="https:\/\/assure\.ameli\.fr([^"]*numPage=2)"/,
      'href="https://assure.ameli.fr.evil.example$1"',
    );
    const fetchPage = vi.fn();
    const { outcome } = await run({ fetchPage }, first.url, elsewhere);
    expect(outcome).toMatchObject({ stop: 'other-host', detail: 'assure.ameli.fr.evil.example' });
    expect(fetchPage).not.toHaveBeenCalled();
  });

  it('stops at the page limit and on a link back to a page already saved', async () => {
    expect((await run({ maxPages: 2 })).outcome).toMatchObject({ stop: 'limit', at: 2 });
    const looping = (url: URL) => html(url.href).replace(/numPage=3/g, 'numPage=2');
    const { outcome } = await run({ fetchPage: async (url) => looping(url) });
    expect(outcome.stop).toBe('loop');
  });

  it('stops when a page is saved broken, saying which', async () => {
    const broken = (url: URL) =>
      html(url.href)
        .replace(/Montant versé/g, 'Montant')
        .replace(/montantVerse/g, 'mv');
    const { outcome } = await run({ fetchPage: async (url) => broken(url) });
    expect(outcome).toMatchObject({ stop: 'error', at: 2 });
    expect(outcome.pages[1]?.outcome.status).toBe('broken');
  });
});

/**
 * ameli's plan (scrapers/ameli/channels.ts) against the simulated live portal, in process, for
 * what is ameli's own (what every live portal does: ./portals.test.ts): the order of its
 * requests, the window asked for, the allowances left alone, the portal's refusal of a request
 * without its token, and the identity of what it reads: an archive saved from the history pages
 * of before merges with it without a duplicate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runChannels } from '../../content/channel-runner';
import ameli from '../../scrapers/ameli';
import ameliChannels from '../../scrapers/ameli/channels';
import { applyImport } from '../../storage/archive/apply';
import { planImport } from '../../storage/archive/plan';
import { deleteDb, openDb, type MesDonneesDb } from '../../storage/db';
import { saveCapture } from '../../storage/save-capture';
import type { ScrapedRecord } from '../../storage/schemas';
import { parseHtml } from '../../tools/parse-html';
import { DEFAULT_PORTALS_DIR } from '../server';
import { ameliPortal } from './ameli';
import { inProcessFetch } from './in-process-fetch';
import { LiveState, type Faults } from './live';

const PAGE =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page';
const expected = (file: string) =>
  (JSON.parse(readFileSync(join(DEFAULT_PORTALS_DIR, file), 'utf8')) as { records: ScrapedRecord[] }).records;

/** A logged-in tab on the payments page of the simulated portal, with `faults` switched on after it loaded. */
async function tab(faults: Faults = {}) {
  const state = new LiveState();
  const { fetch, log } = inProcessFetch([ameliPortal(DEFAULT_PORTALS_DIR)], state);
  const html = await (await fetch(PAGE)).text();
  state.setFaults('ameli', faults);
  const doc = parseHtml(html, PAGE).document;
  const sleep = vi.fn((_ms: number) => Promise.resolve());
  const run = (scope: 'page' | 'all') =>
    runChannels(ameliChannels, { doc, url: new URL(PAGE) }, scope, {
      fetch,
      parseHtml: (text) => parseHtml(text, PAGE).document,
      sleep,
    });
  return { state, fetch, log, run, sleep };
}

describe('ameli’s requests on the simulated live portal', () => {
  it('reads the whole window the page offers, and the monthly statements, in the order the site makes them', async () => {
    const { run, log } = await tab();
    const result = await run('all');
    expect(result.status).toBe('complete');
    expect(result.records).toEqual(expected('ameli/tout.expected.json'));
    const asked = log.slice(1).map((line) => /(JavaScriptServlet|actionEvt=\w+)/.exec(line)?.[1]);
    expect(asked[0]).toBe('JavaScriptServlet');
    expect(asked[1]).toBe('actionEvt=afficherPaiementsComplementaires');
    expect(asked.filter((a) => a === 'actionEvt=chargerDetailPaiements')).toHaveLength(18);
    expect(asked.at(-1)).toBe('actionEvt=afficherPlusReleves');
    expect(log[2]).toContain('DateDebut=01%2F10%2F2023&DateFin=31%2F03%2F2024');
  });

  it('never asks for an allowance’s details (they are income, not care)', async () => {
    const { run, log } = await tab();
    await run('all');
    expect(log.some((line) => line.includes('INDEMNITE_JOURNALIERE_ASSURE'))).toBe(false);
  });

  it('is refused by the portal without its token, as the live site refuses it', async () => {
    const { fetch } = await tab();
    const answer = await fetch(
      'https://assure.ameli.fr/PortailAS/paiements.do?actionEvt=afficherPaiementsComplementaires&DateDebut=01/03/2024&DateFin=31/03/2024',
    );
    expect(answer.status).toBe(403);
  });
});

describe('the same facts, the same identity', () => {
  let db: MesDonneesDb;
  beforeEach(() => {
    db = openDb(`ameli-migration-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await deleteDb(db);
  });

  it('merges an archive saved from the history pages of before with the whole window read through the portal’s requests', async () => {
    // Exported by the product before the portal's requests existed (ameli 1.0.1 read three pages).
    const archive = new Blob([
      readFileSync(join(__dirname, '../../tests/fixtures/archive-v1-ameli-pages.json')),
    ]);
    const plan = await planImport(db, archive, {});
    await applyImport(db, plan);
    expect(await db.records.count()).toBe(32);

    const { run } = await tab();
    const result = await run('all');
    const capture = await saveCapture(db, {
      source: 'ameli',
      url: PAGE,
      title: 'Mes paiements - ameli',
      scraper: { id: ameli.id, version: ameli.version },
      startedAt: new Date().toISOString(),
      records: result.records,
      problems: result.problems,
    });
    // The 32 acts are the ones already saved (their page address aside); the statements are new.
    expect(capture.counts).toMatchObject({ found: 35, added: 3, invalid: 0 });
    expect(capture.counts.updated + capture.counts.unchanged).toBe(32);
    expect(await db.records.count()).toBe(35);
  });
});

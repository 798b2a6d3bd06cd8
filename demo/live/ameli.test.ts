/**
 * ameli's plan (scrapers/ameli/channels.ts) against the simulated live portal, in process: the
 * window the page shows and the whole one, the portal's own refusals (no token, a refused token,
 * an ended session, 503 and 429 on demand), and the identity of what it reads: an archive saved
 * from the page readers of before merges with it without a duplicate.
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
import { recordId } from '../../storage/ids';
import { saveCapture } from '../../storage/save-capture';
import type { ScrapedRecord } from '../../storage/schemas';
import { validateRecords } from '../../storage/validate';
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
  it('reads the window the page shows, every payment with its details', async () => {
    const { run } = await tab();
    const result = await run('page');
    expect(result.status).toBe('complete');
    expect(result.records).toEqual(expected('ameli/paiements.expected.json'));
    expect(validateRecords(result.records, { source: 'ameli' }).problems).toEqual([]);
  });

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

  it('says the session has ended when the portal answers its login page, and keeps nothing', async () => {
    const { run } = await tab({ expired: true });
    const result = await run('all');
    expect(result).toMatchObject({ status: 'failed', records: [], error: { code: 'session-ended' } });
  });

  it('says the token is refused when the portal refuses even a fresh one', async () => {
    const { run, state } = await tab({ refuseToken: true });
    const result = await run('page');
    expect(result).toMatchObject({ status: 'failed', error: { code: 'token-refused', status: 403 } });
    expect(state.served.get('ameli')?.['token']).toBe(2);
  });

  it('saves what it read when details fail, says « partiel » and names what is missing; a retry adds the rest', async () => {
    const { run, state } = await tab({ failDetails: 3 });
    const partial = await run('all');
    expect(partial.status).toBe('partial');
    expect(partial.missing).toHaveLength(3);
    expect(partial.missing[0]).toMatch(
      /^le détail du paiement du \d+ \w+ 2024 : le portail a répondu par une erreur 503$/,
    );
    state.setFaults('ameli', {});
    const whole = await run('all');
    expect(whole.status).toBe('complete');
    const ids = (records: ScrapedRecord[]) => new Set(records.map(recordId));
    expect([...ids(partial.records)].every((id) => ids(whole.records).has(id))).toBe(true);
    expect(whole.records.length).toBeGreaterThan(partial.records.length);
  });

  it('waits as the portal asks when it answers 429, then reads everything', async () => {
    const { run, sleep } = await tab({ rateLimit: { count: 2, retryAfter: 3 } });
    const result = await run('all');
    expect(result.status).toBe('complete');
    expect(result.records).toHaveLength(35);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([3_000, 3_000]);
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

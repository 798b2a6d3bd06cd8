import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { sampleRecords } from '../storage/test-fixtures';
import { handleMessage, handleSaveTables } from './background-handlers';
import { MAX_RECORDS_PER_CAPTURE, type SaveCaptureRequest, type SaveTablesRequest } from '../lib/messages';
import { packRecords } from '../lib/record-wire';

const PAGE =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page';

function request(records: unknown[] = []): SaveCaptureRequest {
  return {
    type: 'capture/save',
    capture: {
      source: 'ameli',
      url: PAGE,
      title: 'Mes paiements - ameli',
      scraper: { id: 'ameli', version: '1.0.0' },
      startedAt: new Date().toISOString(),
      records: packRecords(records as object[]),
      problems: [],
    },
  };
}

function sender(url = PAGE) {
  return { id: browser.runtime.id, url, tab: { id: 1, url } as never };
}

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`test-${crypto.randomUUID()}`);
  // The fake browser has no manifest; the background reads only its version.
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ version: '1.0.0' } as never);
});
afterEach(async () => {
  await deleteDb(db);
  fakeBrowser.reset();
});

describe('background messages', () => {
  it('stores a capture sent by the content script of the portal it names', async () => {
    const record = { ...sampleRecords().reimbursement, sourceUrl: PAGE };
    const response = (await handleMessage(db, request([record]), sender())) as {
      ok: boolean;
      capture: { counts: object };
    };
    expect(response.ok).toBe(true);
    expect(response.capture.counts).toEqual({ found: 1, added: 1, updated: 0, unchanged: 0, invalid: 0 });
    expect(await db.records.count()).toBe(1);
  });

  it('saves a page sent again with the same digest without its records, from its own portal only', async () => {
    const record = { ...sampleRecords().reimbursement, sourceUrl: PAGE };
    const digest = 'f'.repeat(64);
    const full = request([record]);
    await handleMessage(db, { ...full, capture: { ...full.capture, digest } }, sender());
    const { records: _records, problems: _problems, ...page } = full.capture;
    const unchanged = { type: 'capture/unchanged', capture: { ...page, digest } };

    expect(await handleMessage(db, unchanged, sender('https://evil.example/paiements'))).toEqual({
      ok: false,
      error: expect.stringContaining('ne vient pas'),
    });
    const response = (await handleMessage(db, unchanged, sender())) as {
      ok: boolean;
      capture: { counts: object };
    };
    expect(response).toMatchObject({
      ok: true,
      capture: { counts: { found: 1, added: 0, updated: 0, unchanged: 1, invalid: 0 } },
    });
    expect(await db.captures.count()).toBe(2);
    const other = { ...unchanged, capture: { ...unchanged.capture, digest: 'e'.repeat(64) } };
    expect(await handleMessage(db, other, sender())).toEqual({ ok: true, capture: null });
    expect(
      await handleMessage(db, { ...other, capture: { ...other.capture, digest: 'not hex' } }, sender()),
    ).toMatchObject({
      ok: false,
    });
  });

  it('tells a portal page the digest of its last save, and no other page', async () => {
    const ask = { type: 'capture/last-digest', source: 'ameli', url: PAGE };
    expect(await handleMessage(db, ask, sender())).toEqual({ ok: true, digest: null });
    const full = request([{ ...sampleRecords().reimbursement, sourceUrl: PAGE }]);
    const digest = 'a'.repeat(64);
    await handleMessage(db, { ...full, capture: { ...full.capture, digest } }, sender());
    expect(await handleMessage(db, ask, sender())).toEqual({ ok: true, digest });
    expect(await handleMessage(db, { ...ask, url: `${PAGE}&numPage=2` }, sender())).toEqual({
      ok: true,
      digest: null,
    });
    expect(await handleMessage(db, ask, sender('https://evil.example/paiements'))).toEqual({
      ok: false,
      error: expect.stringContaining('ne vient pas'),
    });
    expect(await handleMessage(db, { ...ask, source: 'mgen' }, sender())).toMatchObject({ ok: false });
  });

  it('refuses a capture that claims a portal other than the page it comes from', async () => {
    const record = { ...sampleRecords().reimbursement, sourceUrl: PAGE };
    const response = await handleMessage(db, request([record]), sender('https://evil.example/paiements'));
    expect(response).toEqual({ ok: false, error: expect.stringContaining('ne vient pas') });
    expect(await db.records.count()).toBe(0);
  });

  it('refuses a message from another extension or from no tab', async () => {
    const other = { ...sender(), id: 'another-extension' };
    expect(await handleMessage(db, request(), other)).toMatchObject({ ok: false });
    expect(await handleMessage(db, request(), { id: browser.runtime.id })).toMatchObject({ ok: false });
  });

  it('answers a malformed message with a reason, and stores nothing', async () => {
    const bad = { type: 'capture/save', capture: { source: 'ameli' } };
    const response = await handleMessage(db, bad, sender());
    expect(response).toEqual({ ok: false, error: expect.stringContaining('Message invalide') });
    expect(await handleMessage(db, { type: 'drop-database' }, sender())).toMatchObject({ ok: false });
    expect(await db.captures.count()).toBe(0);
  });

  it.each([
    ['text that is not JSON', '[{"kind":'],
    ['JSON that is not packed records', '[{"kind":"reimbursement"}]'],
    ['too many records', JSON.stringify({ shapes: [], rows: Array(MAX_RECORDS_PER_CAPTURE + 1).fill([0]) })],
  ])('refuses records sent as %s, and stores nothing', async (_case, records) => {
    const base = request();
    const response = await handleMessage(db, { ...base, capture: { ...base.capture, records } }, sender());
    expect(response).toEqual({ ok: false, error: expect.stringContaining('pas une liste lisible') });
    expect(await db.captures.count()).toBe(0);
  });

  it('opens the dashboard in a new tab', async () => {
    const create = vi.spyOn(browser.tabs, 'create');
    await handleMessage(db, { type: 'dashboard/open' }, sender());
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/dashboard\.html$/) });
  });
});

describe('background: document files', () => {
  const FILE = 'https://assure.ameli.fr/PortailAS/PDFServletDetailPaiementPT.dopdf?idPaiement=x';
  const data = btoa('%PDF-1.4 test');

  it('stores a file of the sending page’s own site, under its hash', async () => {
    const request = { type: 'file/save', source: 'ameli', url: FILE, data };
    const response = (await handleMessage(db, request, sender())) as {
      ok: boolean;
      fileId: string;
      sha256: string;
    };
    expect(response).toMatchObject({ ok: true });
    expect(response.fileId).toBe(response.sha256);
    expect(await db.files.get(response.fileId)).toMatchObject({
      size: 13,
      mimeType: 'application/pdf',
      url: FILE,
    });
  });

  it('refuses a file from another site, or sent from a page of another portal', async () => {
    const elsewhere = {
      type: 'file/save',
      source: 'ameli',
      url: 'https://evil.example/x.pdf',
      data,
    };
    expect(await handleMessage(db, elsewhere, sender())).toMatchObject({ ok: false });
    const request = { type: 'file/save', source: 'ameli', url: FILE, data };
    expect(
      await handleMessage(db, request, sender('https://www.mgen.fr/mon-espace-perso/mes-releves/')),
    ).toMatchObject({
      ok: false,
    });
    expect(await handleMessage(db, { ...request, data: 'not base64!' }, sender())).toMatchObject({
      ok: false,
    });
    expect(await db.files.count()).toBe(0);
  });

  it('tells which links already have their file', async () => {
    expect(await handleMessage(db, { type: 'file/known', source: 'ameli', urls: [FILE] }, sender())).toEqual(
      {},
    );
  });
});

describe('background: tables of a page no portal reader knows', () => {
  const CLINIC = 'https://www.exemple-clinique.fr/patient/mes-resultats';
  const table = {
    name: 'Bilan sanguin',
    headers: ['Analyse', 'Résultat'],
    rows: [
      ['Hémoglobine', '13,8'],
      ['Glycémie', '1,12'],
    ],
    rowCount: 2,
    truncated: false,
    hidden: false,
  };

  function tables(overrides: Partial<SaveTablesRequest> = {}): SaveTablesRequest {
    return {
      type: 'tables/save',
      url: CLINIC,
      title: 'Mes résultats',
      startedAt: new Date().toISOString(),
      tables: [table],
      ...overrides,
    };
  }

  const popup = () => ({ id: browser.runtime.id, url: browser.runtime.getURL('/popup.html') });

  it('stores the rows sent by the popup once: a second save, on another day, adds nothing', async () => {
    const first = await handleSaveTables(db, tables(), popup(), () => new Date(2026, 10, 28, 10));
    expect(first).toMatchObject({
      ok: true,
      capture: {
        source: 'tables',
        url: CLINIC,
        scraper: { id: 'tables', version: '1.0.0' },
        counts: { found: 2, added: 2, updated: 0, unchanged: 0, invalid: 0 },
      },
    });
    const again = await handleSaveTables(db, tables(), popup(), () => new Date(2026, 11, 3, 10));
    expect(again).toMatchObject({ ok: true, capture: { counts: { added: 0, updated: 0, unchanged: 2 } } });
    const stored = await db.records.toArray();
    expect(stored.map((r) => [r.kind, r.source, r.patient, r.date])).toEqual([
      ['table-row', 'tables', null, '2026-11-28'],
      ['table-row', 'tables', null, '2026-11-28'],
    ]);
  });

  it('goes through handleMessage, and says when a table was cut', async () => {
    const cut = { ...table, rowCount: 5_000, truncated: true };
    const response = (await handleMessage(db, tables({ tables: [cut] }), popup())) as {
      ok: boolean;
      capture: { problems: { message: string }[] };
    };
    expect(response.ok).toBe(true);
    expect(response.capture.problems).toEqual([
      expect.objectContaining({ level: 'warning', message: expect.stringContaining('tronqué') }),
    ]);
  });

  it('refuses tables sent by a content script, another extension or another extension page', async () => {
    const contentScript = { id: browser.runtime.id, url: CLINIC, tab: { id: 3, url: CLINIC } as never };
    const dashboard = { id: browser.runtime.id, url: browser.runtime.getURL('/dashboard.html') };
    for (const from of [contentScript, { ...popup(), id: 'another-extension' }, dashboard]) {
      expect(await handleMessage(db, tables(), from)).toEqual({
        ok: false,
        error: expect.stringContaining('seule la fenêtre de l’extension'),
      });
    }
    expect(await db.records.count()).toBe(0);
    expect(await db.captures.count()).toBe(0);
  });

  it('refuses the tables of a supported portal’s page: its own reader saves it', async () => {
    const response = await handleMessage(db, tables({ url: PAGE }), popup());
    expect(response).toEqual({ ok: false, error: expect.stringContaining('portail pris en charge') });
    expect(await db.records.count()).toBe(0);
  });

  it('refuses malformed tables with a reason, and stores nothing', async () => {
    const malformed: unknown[] = [
      tables({ url: 'file:///home/camille/resultats.html' }),
      tables({ tables: [] }),
      tables({ tables: [{ ...table, headers: ['Analyse', 'Analyse'] }] }),
      tables({ tables: [{ ...table, rows: [['Hémoglobine']] }] }),
      tables({ tables: [{ ...table, rows: [['Hémoglobine', { html: '<b>13,8</b>' }]] }] as never }),
      tables({ tables: [{ ...table, name: '  Bilan\u00a0sanguin ' }] }),
      tables({ tables: [{ ...table, rows: [['x'.repeat(501), '1']] }] }),
      tables({ tables: [{ ...table, headers: Array.from({ length: 41 }, (_, i) => `C${i}`) }] }),
      { ...tables(), patient: 'Camille MARTIN' },
    ];
    for (const message of malformed) {
      expect(await handleMessage(db, message, popup()), JSON.stringify(message).slice(0, 120)).toEqual({
        ok: false,
        error: expect.stringContaining('Message invalide'),
      });
    }
    expect(await db.captures.count()).toBe(0);
  });
});

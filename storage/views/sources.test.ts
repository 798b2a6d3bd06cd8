import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type CaptureRow, type MesDonneesDb } from '../db';
import { storeFile } from '../files';
import { compareVersions, pageOf, saveOutcome, sourcesHealth, type PortalReader } from './sources';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`sources-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

const READERS: PortalReader[] = [
  { id: 'ameli', version: '1.2.0', produces: ['reimbursement'] },
  { id: 'hopital', version: '1.0.0', produces: ['appointment', 'document'] },
  { id: 'labo', version: '2.0.0', produces: ['lab-result', 'document'] },
];

const PAGE = 'https://hopital.example/rendez-vous';
let serial = 0;

function save(source: string, startedAt: string, fields: Partial<CaptureRow> = {}): CaptureRow {
  return {
    id: `capture-${++serial}`,
    source,
    url: PAGE,
    title: 'Rendez-vous',
    startedAt,
    finishedAt: startedAt,
    scraper: { id: source, version: '1.0.0' },
    counts: { found: 3, added: 3, updated: 0, unchanged: 0, invalid: 0 },
    problems: [],
    snapshotId: null,
    ...fields,
  };
}

const broken = (message = 'colonne « Statut » introuvable'): Partial<CaptureRow> => ({
  counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
  problems: [{ level: 'error', message }],
});

const refusing = (invalid: number, ...reasons: string[]): Partial<CaptureRow> => ({
  counts: { found: 3 + invalid, added: 3, updated: 0, unchanged: 0, invalid },
  problems: reasons.map((message) => ({ level: 'error' as const, message })),
});

async function health(source: string) {
  const all = await sourcesHealth(db, READERS);
  const found = all.find((entry) => entry.source === source);
  if (!found) throw new Error(`no entry for ${source}`);
  return found;
}

describe('saveOutcome', () => {
  it('tells a read page, a page read with refusals or warnings, and a page that could not be read', () => {
    expect(saveOutcome(save('ameli', '2026-01-01T00:00:00.000Z'))).toBe('success');
    expect(saveOutcome(save('ameli', '2026-01-01T00:00:00.000Z', refusing(1, 'n°2 refusé')))).toBe('partial');
    expect(
      saveOutcome(
        save('ameli', '2026-01-01T00:00:00.000Z', {
          problems: [{ level: 'warning', message: 'Document « CR » enregistré sans son fichier' }],
        }),
      ),
    ).toBe('partial');
    expect(saveOutcome(save('ameli', '2026-01-01T00:00:00.000Z', broken()))).toBe('failure');
  });
});

describe('compareVersions and pageOf', () => {
  it('compares versions by number and keeps a page without its query', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.1')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
    expect(pageOf('https://a.example/p/q?session=1#x')).toBe('https://a.example/p/q');
    expect(pageOf('pas une adresse')).toBe('pas une adresse');
  });
});

describe('sourcesHealth', () => {
  it('lists every reader, in order, even one never saved, with its current version', async () => {
    const all = await sourcesHealth(db, READERS);
    expect(all.map((entry) => [entry.source, entry.version, entry.saves])).toEqual([
      ['ameli', '1.2.0', 0],
      ['hopital', '1.0.0', 0],
      ['labo', '2.0.0', 0],
    ]);
    expect(all.every((entry) => entry.gaps.neverSaved)).toBe(true);
    expect(all[1]?.gaps.missingKinds).toEqual(['appointment', 'document']);
  });

  it('counts saves by outcome and finds the last success and the last failure', async () => {
    await db.captures.bulkAdd([
      save('hopital', '2026-01-01T10:00:00.000Z'),
      save('hopital', '2026-01-02T10:00:00.000Z', refusing(2, 'n°1 refusé')),
      save('hopital', '2026-01-03T10:00:00.000Z', broken('Tableau absent')),
      save('hopital', '2026-01-04T10:00:00.000Z', { url: 'https://hopital.example/documents' }),
      save('ameli', '2026-01-05T10:00:00.000Z', broken()),
    ]);
    const hopital = await health('hopital');
    expect(hopital.saves).toBe(4);
    expect(hopital.outcomes).toEqual({ success: 2, partial: 1, failure: 1 });
    expect(hopital.lastSuccess?.startedAt).toBe('2026-01-04T10:00:00.000Z');
    expect(hopital.lastFailure?.startedAt).toBe('2026-01-03T10:00:00.000Z');
    expect(hopital.lastFailure?.problems[0]?.message).toBe('Tableau absent');
    expect(hopital.gaps.neverSaved).toBe(false);
    const ameli = await health('ameli');
    expect(ameli.outcomes).toEqual({ success: 0, partial: 0, failure: 1 });
    expect(ameli.lastSuccess).toBeNull();
    expect(ameli.gaps.neverSaved).toBe(false);
  });

  it('says which saves were made by an older reader, and only those', async () => {
    await db.captures.bulkAdd([
      save('ameli', '2026-01-01T10:00:00.000Z', { scraper: { id: 'ameli', version: '1.0.0' } }),
      save('ameli', '2026-01-02T10:00:00.000Z', { scraper: { id: 'ameli', version: '1.1.3' } }),
      save('ameli', '2026-01-03T10:00:00.000Z', { scraper: { id: 'ameli', version: '1.1.3' } }),
      save('ameli', '2026-01-04T10:00:00.000Z', { scraper: { id: 'ameli', version: '1.2.0' } }),
    ]);
    expect((await health('ameli')).olderVersions).toEqual([
      { version: '1.1.3', saves: 2 },
      { version: '1.0.0', saves: 1 },
    ]);
    await db.captures.clear();
    await db.captures.add(
      save('ameli', '2026-01-04T10:00:00.000Z', { scraper: { id: 'ameli', version: '1.2.0' } }),
    );
    expect((await health('ameli')).olderVersions).toEqual([]);
  });

  it('names the kinds the reader produces that the archive does not hold, until it does', async () => {
    await db.captures.add(save('hopital', '2026-01-01T10:00:00.000Z'));
    await put(db, stored('appointment', { source: 'hopital' }));
    const before = await health('hopital');
    expect(before.gaps.missingKinds).toEqual(['document']);
    expect(before.records).toBe(1);
    await put(db, stored('document', { source: 'hopital', url: null }));
    expect((await health('hopital')).gaps.missingKinds).toEqual([]);
  });

  it('keeps a page broken while its latest save failed, and clears it when a save of it works', async () => {
    await db.captures.bulkAdd([
      save('hopital', '2026-01-01T10:00:00.000Z', { url: `${PAGE}?v=1` }),
      save('hopital', '2026-01-02T10:00:00.000Z', { ...broken('première panne'), url: `${PAGE}?v=2` }),
      save('hopital', '2026-01-03T10:00:00.000Z', { ...broken('colonne « Statut » introuvable') }),
      // Another page, which works, does not mend this one.
      save('hopital', '2026-01-04T10:00:00.000Z', { url: 'https://hopital.example/documents' }),
    ]);
    const [page, ...others] = (await health('hopital')).gaps.brokenPages;
    expect(others).toEqual([]);
    expect(page?.page).toBe(PAGE);
    expect(page?.brokenSince).toBe('2026-01-02T10:00:00.000Z');
    expect(page?.lastSuccessAt).toBe('2026-01-01T10:00:00.000Z');
    expect(page?.lastFailure.problems[0]?.message).toBe('colonne « Statut » introuvable');

    await db.captures.add(save('hopital', '2026-01-05T10:00:00.000Z'));
    expect((await health('hopital')).gaps.brokenPages).toEqual([]);
  });

  it('reports a page that never worked as broken with no success', async () => {
    await db.captures.add(save('ameli', '2026-01-05T10:00:00.000Z', broken()));
    const [page] = (await health('ameli')).gaps.brokenPages;
    expect(page?.lastSuccessAt).toBeNull();
    expect(page?.brokenSince).toBe('2026-01-05T10:00:00.000Z');
  });

  it('lists the linked documents whose file is not stored, and drops one once its file is', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 compte rendu');
    const file = await storeFile(db, {
      url: 'https://labo.example/cr.pdf',
      bytes,
    });
    await put(
      db,
      stored('document', {
        source: 'labo',
        title: 'Avec fichier',
        url: 'https://labo.example/cr.pdf',
        ...file,
      }),
      stored('document', { source: 'labo', title: 'Jamais téléchargé', url: 'https://labo.example/a.pdf' }),
      stored('document', {
        source: 'labo',
        title: 'Fichier disparu',
        url: 'https://labo.example/b.pdf',
        fileId: 'f'.repeat(64),
        sha256: 'f'.repeat(64),
      }),
      // Listed without a link: there is no file to get.
      stored('document', { source: 'labo', title: 'Sans lien', url: null }),
      stored('document', { source: 'hopital', title: "D'un autre portail", url: 'https://h.example/c.pdf' }),
    );
    const missing = (await health('labo')).gaps.missingFiles;
    expect(missing.map((doc) => [doc.title, doc.reason]).sort()).toEqual([
      ['Fichier disparu', 'file-gone'],
      ['Jamais téléchargé', 'not-downloaded'],
    ]);
    await db.files.add({ ...(await db.files.get(file.fileId))!, id: 'f'.repeat(64), sha256: 'f'.repeat(64) });
    expect((await health('labo')).gaps.missingFiles.map((doc) => doc.title)).toEqual(['Jamais téléchargé']);
  });

  it('sums the refused rows and keeps the reasons of the latest refusal', async () => {
    await db.captures.bulkAdd([
      save('ameli', '2026-01-01T10:00:00.000Z', refusing(2, 'ancienne raison A', 'ancienne raison B')),
      save('ameli', '2026-01-02T10:00:00.000Z'),
      save('ameli', '2026-01-03T10:00:00.000Z', refusing(5, 'r1', 'r2', 'r3', 'r4', 'r5')),
      save('ameli', '2026-01-04T10:00:00.000Z', broken()),
    ]);
    const { refused } = (await health('ameli')).gaps;
    expect(refused.rows).toBe(7);
    expect(refused.saves).toBe(2);
    expect(refused.latest?.startedAt).toBe('2026-01-03T10:00:00.000Z');
    expect(refused.reasons).toEqual(['r1', 'r2', 'r3']);
    expect((await health('hopital')).gaps.refused).toEqual({ rows: 0, saves: 0, latest: null, reasons: [] });
  });
});

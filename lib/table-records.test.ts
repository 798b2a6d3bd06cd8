import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scrapers } from '../scrapers/registry';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { recordId } from '../storage/ids';
import { saveCapture } from '../storage/save-capture';
import { ScrapedTableRow } from '../storage/schemas';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import type { PageTable } from './messages';
import { portalLabel } from './portal-label';
import { saveNudge } from './retention';
import { GENERIC_SOURCE, tableRowRecords, TABLES_READER, truncationProblems } from './table-records';

const URL_ = 'https://www.exemple-clinique.fr/patient/mes-resultats';

const results: PageTable = {
  name: 'Bilan sanguin',
  headers: ['Analyse', 'Résultat', 'Unité'],
  rows: [
    ['Hémoglobine', '13,8', 'g/dL'],
    ['Glycémie', '1,12', ''],
  ],
  rowCount: 2,
  truncated: false,
  hidden: false,
};

describe('table rows as records', () => {
  it('makes one valid table-row record per row, its cells keyed by column', () => {
    const records = tableRowRecords([results], URL_, '2026-11-28');
    expect(records).toEqual([
      {
        kind: 'table-row',
        source: 'tables',
        patient: null,
        date: '2026-11-28',
        sourceUrl: URL_,
        table: 'Bilan sanguin',
        cells: { Analyse: 'Hémoglobine', Résultat: '13,8', Unité: 'g/dL' },
      },
      expect.objectContaining({ cells: { Analyse: 'Glycémie', Résultat: '1,12', Unité: '' } }),
    ]);
    for (const record of records) expect(ScrapedTableRow.safeParse(record).success).toBe(true);
  });

  it('gives a row the same id whatever the day or the column order, and another for another page, table or cell', () => {
    const id = (table: PageTable, url = URL_, day = '2026-11-28') =>
      recordId(tableRowRecords([table], url, day)[0]!);
    const first = id(results);
    const reordered: PageTable = {
      ...results,
      headers: ['Unité', 'Analyse', 'Résultat'],
      rows: [['g/dL', 'Hémoglobine', '13,8']],
    };
    expect(id(results, URL_, '2027-01-02')).toBe(first);
    expect(id(reordered)).toBe(first);
    expect(id(results, 'https://www.exemple-clinique.fr/patient/autre-page')).not.toBe(first);
    expect(id({ ...results, name: 'Bilan sanguin (2)' })).not.toBe(first);
    expect(id({ ...results, rows: [['Hémoglobine', '13,9', 'g/dL']] })).not.toBe(first);
  });

  it('warns about each table that was cut', () => {
    expect(truncationProblems([results])).toEqual([]);
    const cut = truncationProblems([{ ...results, rowCount: 1_500, truncated: true }]);
    expect(cut).toEqual([
      {
        level: 'warning',
        message: expect.stringContaining('« Bilan sanguin » tronqué : 2 lignes enregistrées sur 1500'),
      },
    ]);
  });
});

describe('rows saved before', () => {
  let db: MesDonneesDb;
  beforeEach(() => {
    db = openDb(`tables-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await deleteDb(db);
  });

  it('keep the date of their first save, so saving them on another day changes nothing', async () => {
    const save = (records: unknown[]) =>
      saveCapture(db, {
        source: GENERIC_SOURCE,
        url: URL_,
        title: 'Mes résultats',
        scraper: TABLES_READER,
        startedAt: new Date().toISOString(),
        records,
        problems: [],
        keepStored: ['date'],
      });
    const first = await save(tableRowRecords([{ ...results, rows: [results.rows[0]!] }], URL_, '2026-11-28'));
    const capture = await save(tableRowRecords([results], URL_, '2026-12-05'));
    expect(capture.counts).toMatchObject({ added: 1, updated: 0, unchanged: 1 });
    const stored = await db.records.where('source').equals(GENERIC_SOURCE).toArray();
    expect(stored.map((row) => [row.date, row.captureId === first.id]).sort()).toEqual([
      ['2026-11-28', true],
      ['2026-12-05', false],
    ]);
  });
});

describe('the generic source', () => {
  afterEach(() => setUiLanguage('fr'));

  it('is no scraper’s id, and is named for people in French and English', () => {
    expect(scrapers.map((scraper) => scraper.id)).not.toContain(GENERIC_SOURCE);
    expect(portalLabel(GENERIC_SOURCE)).toBe('Tableaux de pages web');
    setUiLanguage('en');
    expect(portalLabel(GENERIC_SOURCE)).toBe('Tables from web pages');
    expect(portalLabel('ameli')).toBe('compte ameli (Assurance Maladie)');
  });

  it('is never reminded to save again: there is no portal history to lose', () => {
    expect(
      saveNudge(GENERIC_SOURCE, '2020-01-01T00:00:00.000Z', new Date('2026-11-28T00:00:00Z')),
    ).toBeNull();
    expect(saveNudge('labo', '2020-01-01T00:00:00.000Z', new Date('2026-11-28T00:00:00Z'))).not.toBeNull();
  });
});

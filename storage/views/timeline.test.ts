import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import type { StoredRecord } from '../schemas';
import { pageRecords, searchableText, type RecordCursor, type RecordFilter } from './timeline';
import { dayOf2024, put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`timeline-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

/** Every page of the filter, `size` at a time. */
async function allPages(filter: RecordFilter, size: number): Promise<StoredRecord[][]> {
  const pages: StoredRecord[][] = [];
  let after: RecordCursor | undefined;
  for (;;) {
    const page = await pageRecords(db, filter, { after, limit: size });
    pages.push(page.items);
    if (!page.next) return pages;
    after = page.next;
  }
}

describe('pageRecords', () => {
  beforeEach(async () => {
    // Three records a day for 10 days, kinds and people alternating; three on the last day.
    const records: StoredRecord[] = [];
    for (let i = 0; i < 30; i++) {
      const date = dayOf2024(Math.floor(i / 3));
      const patient = i % 2 ? 'Léo MARTIN' : 'MARTIN Camille';
      records.push(
        i % 3 === 0
          ? stored('lab-result', {
              date,
              patient,
              reportId: `R${i}`,
              analyte: i === 3 ? 'Créatinine' : 'Glycémie',
            })
          : stored('reimbursement', {
              date,
              patient,
              ref: `REF${i}`,
              source: i % 3 === 1 ? 'ameli' : 'mgen',
            }),
      );
    }
    await put(db, ...records);
  });

  it('pages newest first, each record once, across days that hold several', async () => {
    const pages = await allPages({}, 4);
    const flat = pages.flat();
    expect(flat).toHaveLength(30);
    expect(new Set(flat.map((r) => r.id)).size).toBe(30);
    expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
    const dates = flat.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe('2024-01-10');
  });

  it('narrows by kind, portal, person, dates and words', async () => {
    const count = async (filter: RecordFilter) => (await allPages(filter, 7)).flat().length;
    expect(await count({ kinds: ['lab-result'] })).toBe(10);
    expect(await count({ kinds: ['lab-result', 'reimbursement'] })).toBe(30);
    expect(await count({ sources: ['mgen'] })).toBe(10);
    expect(await count({ persons: ['Léo MARTIN'] })).toBe(15);
    expect(await count({ persons: [] })).toBe(0);
    expect(await count({ from: '2024-01-02', to: '2024-01-03' })).toBe(6);
    expect(await count({ kinds: ['lab-result'], from: '2024-01-02', to: '2024-01-03' })).toBe(2);
    expect(await count({ text: 'creatinine' })).toBe(1);
    expect(await count({ text: 'GLYCÉMIE laboratoire' })).toBe(9);
    expect(await count({ where: (r) => r.kind === 'reimbursement' && r.source === 'ameli' })).toBe(10);
  });

  it('says when there is no next page', async () => {
    const page = await pageRecords(db, { kinds: ['lab-result'] }, { limit: 10 });
    expect(page.items).toHaveLength(10);
    const after = await pageRecords(db, { kinds: ['lab-result'] }, { after: page.next!, limit: 10 });
    expect(after).toEqual({ items: [], next: null });
    expect(await pageRecords(db, { from: '2024-02-01', to: '2024-01-01' }, { limit: 5 })).toEqual({
      items: [],
      next: null,
    });
  });

  it('searches what a person reads, not the plumbing', () => {
    const record = stored('document', { title: 'Compte rendu', url: 'https://x.example/secret.pdf' });
    expect(searchableText(record)).toContain('compte rendu');
    expect(searchableText(record)).not.toContain('secret');
    expect(searchableText(stored('table-row', { cells: { A: 'Échographie' } }))).toContain('echographie');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb, type RecordRow } from '../db';
import { recordId } from '../ids';
import { manyReimbursements } from '../test-fixtures';
import { kindPages } from './selection';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`selection-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(db);
});

const stamp = '2026-11-28T10:00:00.000Z';

/** `count` reimbursements, `perDay` on each day from 2020-01-01. */
async function fill(count: number, perDay: number, patient = (_i: number) => 'Camille MARTIN') {
  const rows = manyReimbursements(count).map((r, i): RecordRow => {
    const date = new Date(Date.UTC(2020, 0, 1 + Math.floor(i / perDay))).toISOString().slice(0, 10);
    const record = { ...r, date, patient: patient(i) };
    return { ...record, id: recordId(record), captureId: 'c', capturedAt: stamp, updatedAt: stamp };
  });
  await db.records.bulkAdd(rows);
}

async function pages(selection = {}, pageSize = 10): Promise<RecordRow[][]> {
  const all: RecordRow[][] = [];
  for await (const page of kindPages(db, 'reimbursement', selection, pageSize)) all.push(page);
  return all;
}

describe('reading a kind in pages', () => {
  it('gives every record once, oldest first, a date never split between two pages', async () => {
    await fill(95, 3);
    const read = await pages();
    const dates = read.flat().map((r) => r.date);
    expect(dates).toHaveLength(95);
    expect(new Set(read.flat().map((r) => r.id)).size).toBe(95);
    expect([...dates].sort()).toEqual(dates);
    const firstDates = read.map((page) => page[0]!.date);
    read.slice(0, -1).forEach((page, i) => expect(page.at(-1)!.date < firstDates[i + 1]!).toBe(true));
  });

  it('reads a date that holds more than a page alone', async () => {
    await fill(30, 25);
    const read = await pages();
    expect(read.map((page) => page.length)).toEqual([25, 5]);
  });

  it('keeps the person filter', async () => {
    await fill(40, 2, (i) => (i % 2 === 0 ? 'Camille MARTIN' : 'Léo MARTIN'));
    const read = (await pages({ patients: ['Léo MARTIN'] })).flat();
    expect(read).toHaveLength(20);
    expect(read.every((r) => r.patient === 'Léo MARTIN')).toBe(true);
  });

  it('has the next page read while the caller is still on this one', async () => {
    await fill(50, 1);
    const toArray = vi.spyOn(db.Collection.prototype, 'toArray');
    const reader = kindPages(db, 'reimbursement', {}, 10);
    await reader.next();
    expect(toArray).toHaveBeenCalledTimes(2);
    // A caller that stops early leaves the read ahead unawaited, and nothing breaks.
    await reader.return(undefined);
  });
});

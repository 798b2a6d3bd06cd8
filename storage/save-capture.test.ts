import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MesDonneesDb, deleteDb, openDb } from './db';
import { recordId } from './ids';
import { countRecords, getCapture, listCaptures, listRecords, saveCapture } from './save-capture';
import type { ScrapedRecord } from './schemas';
import { captureInput, manyReimbursements, sampleRecords } from './test-fixtures';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(db);
});

/** A clock the test moves forward by hand. */
function clock(start = '2024-06-01T10:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms = 60_000) => void (t += ms) };
}

const input = captureInput;

describe('saveCapture', () => {
  it('adds every record of a first capture and counts them', async () => {
    const records = manyReimbursements(3);
    const { now } = clock();
    const capture = await saveCapture(db, input(records), now);

    expect(capture.counts).toEqual({ found: 3, added: 3, updated: 0, unchanged: 0, invalid: 0 });
    expect(capture.problems).toEqual([]);
    expect(capture.finishedAt).toBe('2024-06-01T10:00:00.000Z');
    expect(capture.snapshotId).toBeNull();
    expect(await getCapture(db, capture.id)).toEqual(capture);

    const stored = await db.records.get(recordId(records[0] as ScrapedRecord));
    expect(stored).toEqual({
      ...records[0],
      id: recordId(records[0] as ScrapedRecord),
      captureId: capture.id,
      capturedAt: '2024-06-01T10:00:00.000Z',
      updatedAt: '2024-06-01T10:00:00.000Z',
    });
  });

  it('derives the LOINC code of a lab result when it is saved', async () => {
    const lab = { ...sampleRecords()['lab-result'], source: 'ameli' };
    const unknown = { ...lab, analyte: 'Dosage inconnu' };
    await saveCapture(db, input([lab, unknown]));
    expect(await db.records.get(recordId(lab))).toMatchObject({
      loinc: '14749-6',
      analyte: 'Glycémie à jeun',
    });
    expect(await db.records.get(recordId(unknown))).toMatchObject({ loinc: null });
  });

  it('leaves records untouched when the same page is saved again', async () => {
    const records = manyReimbursements(5);
    const c = clock();
    const first = await saveCapture(db, input(records), c.now);
    const before = await db.records.toArray();
    c.advance();
    // Key order differs, as it may after a structured clone or another scraper version.
    const reordered = records.map((r) => Object.fromEntries(Object.entries(r).reverse()));
    const second = await saveCapture(db, input(reordered), c.now);

    expect(second.id).not.toBe(first.id);
    expect(second.counts).toEqual({ found: 5, added: 0, updated: 0, unchanged: 5, invalid: 0 });
    const after = await db.records.toArray();
    expect(after).toEqual(before);
    expect(after.every((r) => r.captureId === first.id && r.updatedAt === '2024-06-01T10:00:00.000Z')).toBe(
      true,
    );
    expect(await db.captures.count()).toBe(2);
  });

  it('updates a record whose amount changed, keeping capturedAt', async () => {
    const [a, b] = manyReimbursements(2);
    if (!a || !b) throw new Error('fixture');
    const lab = { ...sampleRecords()['lab-result'], source: 'ameli' };
    const c = clock();
    await saveCapture(db, input([a, b, lab]), c.now);
    c.advance();
    const corrected = { ...a, reimbursedComplementary: 11 };
    const relabelled = { ...lab, value: 5.4, valueText: '5,4' };
    const second = await saveCapture(db, input([corrected, b, relabelled]), c.now);

    expect(second.counts).toEqual({ found: 3, added: 0, updated: 2, unchanged: 1, invalid: 0 });
    const stored = await db.records.get(recordId(a));
    expect(stored).toMatchObject({
      reimbursedComplementary: 11,
      captureId: second.id,
      capturedAt: '2024-06-01T10:00:00.000Z',
      updatedAt: '2024-06-01T10:01:00.000Z',
    });
    expect((await db.records.get(recordId(b)))?.updatedAt).toBe('2024-06-01T10:00:00.000Z');
    // Derived again from the updated record, with the normaliser's current table.
    expect(await db.records.get(recordId(lab))).toMatchObject({ value: 5.4, loinc: '14749-6' });
  });

  it('merges a capture that overlaps the stored ones, leaving other portals alone', async () => {
    const [a, b, c] = manyReimbursements(3);
    const other = manyReimbursements(2, 'mgen');
    await saveCapture(db, input([a, b]));
    await saveCapture(db, input(other, 'mgen'));
    const capture = await saveCapture(db, input([b, c]));
    expect(capture.counts).toEqual({ found: 2, added: 1, updated: 0, unchanged: 1, invalid: 0 });
    expect(await countRecords(db)).toBe(5);
  });

  it('sorts a page larger than a write batch: new, stored, changed, repeated and invalid rows mixed', async () => {
    const page = manyReimbursements(1_000);
    const c = clock();
    // Every third row saved before, by an earlier save of part of the page.
    await saveCapture(db, input(page.filter((_, i) => i % 3 === 0)), c.now);
    c.advance();
    // Every 150th row (saved before) shows another amount.
    const rows: unknown[] = page.map((record, i) => (i % 150 === 0 ? { ...record, outOfPocket: 7 } : record));
    rows.splice(600, 0, page[5], { ...page[6], charged: 'beaucoup' });
    const where = vi.spyOn(db.records, 'where');
    const capture = await saveCapture(db, input(rows), c.now);
    // As large as what the portal holds: its stored keys are read once, new rows written as checked.
    expect(where).toHaveBeenCalledExactlyOnceWith('source');

    const changed = page.filter((_, i) => i % 150 === 0).length;
    const before = page.filter((_, i) => i % 3 === 0).length;
    expect(capture.counts).toEqual({
      found: 1_002,
      added: 1_000 - before,
      updated: changed,
      unchanged: before - changed + 1,
      invalid: 1,
    });
    expect(capture.problems.map((problem) => problem.message)).toEqual([
      'Enregistrement n°601 ignoré : ligne en double du n°6',
      expect.stringMatching(/^Enregistrement n°602 refusé : champ « charged »/),
    ]);
    expect(await countRecords(db)).toBe(1_000);
    const stored = await db.records.bulkGet(page.map((record) => recordId(record)));
    stored.forEach((row, i) => {
      expect(row?.capturedAt).toBe(i % 3 === 0 ? '2024-06-01T10:00:00.000Z' : '2024-06-01T10:01:00.000Z');
      expect(row?.kind === 'reimbursement' && row.outOfPocket).toBe(i % 150 === 0 ? 7 : page[i]?.outOfPocket);
    });
    const added = await db.records.where('captureId').equals(capture.id).primaryKeys();
    expect(added).toHaveLength(1_000 - before + changed);
  });

  it('asks for a small page’s records one by one when its portal holds many more, with the same result', async () => {
    const stored = manyReimbursements(1_000);
    const c = clock();
    await saveCapture(db, input(stored), c.now);
    await saveCapture(db, input(manyReimbursements(30, 'mgen'), 'mgen'), c.now);
    c.advance();
    const fresh = manyReimbursements(1_030).slice(1_000);
    const page: unknown[] = [
      ...stored.slice(0, 10),
      ...stored.slice(10, 20).map((record) => ({ ...record, outOfPocket: 7 })),
      ...fresh,
      stored[0],
      { ...stored[1], charged: 'beaucoup' },
    ];
    const where = vi.spyOn(db.records, 'where');
    const capture = await saveCapture(db, input(page), c.now);

    expect(where).not.toHaveBeenCalled();
    expect(capture.counts).toEqual({ found: 52, added: 30, updated: 10, unchanged: 11, invalid: 1 });
    expect(await countRecords(db)).toBe(1_060);
    expect(await db.stats.get(JSON.stringify(['ameli', 'reimbursement', stored[0]!.patient]))).toMatchObject({
      count: 1_030,
    });
    const rows = await db.records.bulkGet(
      page.slice(0, 50).map((record) => recordId(record as ScrapedRecord)),
    );
    expect(rows.map((row) => row?.capturedAt)).toEqual([
      ...Array(20).fill('2024-06-01T10:00:00.000Z'),
      ...Array(30).fill('2024-06-01T10:01:00.000Z'),
    ]);
    expect(rows.slice(10, 20).every((row) => row?.kind === 'reimbursement' && row.outOfPocket === 7)).toBe(
      true,
    );
  });

  it('stores the valid records and reports the invalid one', async () => {
    const [a, b, c] = manyReimbursements(3);
    const bad = { ...c, date: '2024-02-30' };
    const capture = await saveCapture(db, input([a, b, bad]));

    expect(capture.counts).toEqual({ found: 3, added: 2, updated: 0, unchanged: 0, invalid: 1 });
    expect(capture.problems).toHaveLength(1);
    expect(capture.problems[0]).toMatchObject({ level: 'error' });
    expect(capture.problems[0]?.message).toMatch(
      /^Enregistrement n°3 refusé : champ « date » : date attendue/,
    );
    expect(capture.problems[0]?.detail).toContain('2024-02-30');
    expect(await countRecords(db)).toBe(2);
  });

  it('refuses records of another portal, and keeps the scraper problems first', async () => {
    const [a] = manyReimbursements(1);
    const foreign = { ...sampleRecords().measurement };
    const capture = await saveCapture(db, {
      ...input([a, foreign]),
      problems: [{ level: 'warning', message: 'Ligne 4 illisible' }],
    });
    expect(capture.counts).toMatchObject({ found: 2, added: 1, invalid: 1 });
    expect(capture.problems.map((p) => p.message)).toEqual([
      'Ligne 4 illisible',
      expect.stringContaining('Enregistrement n°2 refusé : champ « source »'),
    ]);
  });

  it('keeps the first of duplicates within one capture', async () => {
    const [a, b] = manyReimbursements(2);
    const again = { ...a, outOfPocket: 1 }; // same natural key, other facts
    const capture = await saveCapture(db, input([a, b, again]));

    expect(capture.counts).toEqual({ found: 3, added: 2, updated: 0, unchanged: 1, invalid: 0 });
    expect(capture.problems).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('ligne en double du n°1'),
      }),
    ]);
    const kept = await db.records.get(recordId(a as ScrapedRecord));
    expect(kept?.kind === 'reimbursement' && kept.outOfPocket).toBe(a?.outOfPocket);
  });

  it('gives records of two patients with the same facts different ids', async () => {
    const [a] = manyReimbursements(1);
    const capture = await saveCapture(
      db,
      input([
        { ...a, patient: 'Camille MARTIN' },
        { ...a, patient: 'Léo MARTIN' },
      ]),
    );
    expect(capture.counts.added).toBe(2);
    expect(await db.records.where('patient').equals('Léo MARTIN').count()).toBe(1);
  });

  it('stores nothing when a write inside the transaction fails', async () => {
    const records = manyReimbursements(4);
    vi.spyOn(db.captures, 'add').mockRejectedValue(new Error('disque plein'));
    await expect(saveCapture(db, input(records))).rejects.toThrow('disque plein');
    vi.restoreAllMocks();
    expect(await db.records.count()).toBe(0);
    expect(await db.captures.count()).toBe(0);
  });

  it('stores nothing when the capture itself is invalid, and says why', async () => {
    const [a] = manyReimbursements(1);
    await saveCapture(db, input([a]));
    const corrected = { ...a, charged: 99 };
    await expect(saveCapture(db, input([corrected], 'ameli', '1er juin'))).rejects.toThrow(
      /^Capture invalide : champ « startedAt »/,
    );
    expect((await db.records.toArray()).map((r) => (r.kind === 'reimbursement' ? r.charged : null))).toEqual([
      a?.charged,
    ]);
    expect(await db.captures.count()).toBe(1);
  });

  it('saves an empty page as a capture that found nothing', async () => {
    const capture = await saveCapture(db, { ...input([]), snapshotId: 'snap-1' });
    expect(capture.counts).toEqual({ found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 });
    expect(capture.snapshotId).toBe('snap-1');
  });
});

describe('read helpers', () => {
  async function seed() {
    const all = sampleRecords();
    const records: ScrapedRecord[] = Object.values(all).map((r) => ({ ...r, source: 'labo' }));
    const extra = ['2021-01-01', '2025-12-31T08:00', '2023-06-15'].map((date, i) => ({
      ...all.measurement,
      source: 'labo',
      date,
      name: `Mesure ${i}`,
    }));
    await saveCapture(db, input([...records, ...extra], 'labo'));
  }

  it('lists records newest first, by kind, with limit and offset', async () => {
    await seed();
    const dates = (await listRecords(db)).map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe('2025-12-31T08:00');
    expect(dates).toHaveLength(13);

    const measurements = await listRecords(db, { kind: 'measurement' });
    expect(measurements.map((r) => r.date)).toEqual([
      '2025-12-31T08:00',
      '2024-05-10T09:45',
      '2023-06-15',
      '2021-01-01',
    ]);
    expect((await listRecords(db, { kind: 'measurement', offset: 1, limit: 2 })).map((r) => r.date)).toEqual([
      '2024-05-10T09:45',
      '2023-06-15',
    ]);
    expect(await listRecords(db, { kind: 'immunization', limit: 5 })).toHaveLength(1);
    expect(await countRecords(db)).toBe(13);
    expect(await countRecords(db, { kind: 'measurement' })).toBe(4);
  });

  it('lists captures newest first', async () => {
    const ids: string[] = [];
    for (const startedAt of [
      '2024-01-02T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
    ]) {
      ids.push((await saveCapture(db, input([], 'ameli', startedAt))).id);
    }
    expect((await listCaptures(db, 2)).map((c) => c.id)).toEqual([ids[1], ids[2]]);
    expect(await getCapture(db, 'inconnue')).toBeUndefined();
  });
});

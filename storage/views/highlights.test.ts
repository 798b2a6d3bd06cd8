import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import type { LabResult } from '../schemas';
import { personHighlights, rangeFlag, savedSince, yearToDate } from './highlights';
import { personKey } from './persons';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`highlights-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

const claire = 'Claire DUPONT';
const paul = 'Paul DUPONT';
const TODAY = '2026-06-15';

const ldl = (date: string, value: number, fields: Partial<LabResult> = {}) =>
  stored('lab-result', {
    date,
    analyte: 'LDL-cholestérol',
    unit: 'g/L',
    value,
    valueText: String(value).replace('.', ','),
    refLow: null,
    refHigh: 1.6,
    refText: '< 1,60',
    flag: value > 1.6 ? 'H' : null,
    patient: claire,
    reportId: date,
    ...fields,
  });

describe('the flag of a result', () => {
  it('is the lab’s, else its own range’s; a bound written « < 5 » says nothing', () => {
    const result = (fields: Partial<LabResult>) => stored('lab-result', { flag: null, ...fields });
    expect(rangeFlag(result({ flag: 'A' }))).toBe('A');
    expect(rangeFlag(result({ value: 7, refLow: 1, refHigh: 5 }))).toBe('H');
    expect(rangeFlag(result({ value: 0.5, refLow: 1, refHigh: 5 }))).toBe('L');
    expect(rangeFlag(result({ value: 3, refLow: 1, refHigh: 5 }))).toBeNull();
    expect(rangeFlag(result({ value: 5, comparator: '<', refLow: 1, refHigh: 4 }))).toBeNull();
    expect(rangeFlag(result({ value: null, refLow: 1, refHigh: 5 }))).toBeNull();
  });
});

describe('what matters per person', () => {
  it('lists the tests whose latest result is out of range, since the run began', async () => {
    await put(
      db,
      ldl('2024-02-01', 1.9), // out, then back in range: an older run
      ldl('2024-09-01', 1.4),
      ldl('2025-03-01', 1.8),
      ldl('2025-03-01T18:00', 1.85, { reportId: 'evening' }), // a second report that day
      ldl('2026-01-10', 1.92),
      // Back in range at its latest: not listed.
      stored('lab-result', {
        date: '2026-01-10',
        analyte: 'Glycémie à jeun',
        unit: 'g/L',
        value: 0.95,
        valueText: '0,95',
        refLow: 0.7,
        refHigh: 1.1,
        flag: null,
        patient: claire,
        reportId: 'g2',
      }),
      stored('lab-result', {
        date: '2025-10-10',
        analyte: 'Glycémie à jeun',
        unit: 'g/L',
        value: 1.3,
        valueText: '1,30',
        refLow: 0.7,
        refHigh: 1.1,
        flag: null,
        patient: claire,
        reportId: 'g1',
      }),
      // Unflagged but under its range: listed, as low.
      stored('lab-result', {
        date: '2026-02-02',
        analyte: 'Ferritine',
        unit: 'µg/L',
        value: 9,
        valueText: '9',
        refLow: 15,
        refHigh: 150,
        flag: null,
        patient: 'DUPONT Claire',
        reportId: 'f1',
      }),
      // Too old to be news.
      stored('lab-result', {
        date: '2022-01-01',
        analyte: 'TSH',
        unit: 'mUI/L',
        value: 9,
        valueText: '9',
        flag: 'H',
        patient: claire,
        reportId: 't1',
      }),
      ldl('2026-03-03', 2.1, { patient: paul }),
    );
    const [hers, his] = await personHighlights(db, null, [personKey(claire), personKey(paul)], TODAY);
    expect(
      hers!.outOfRange.map((item) => [item.latest.analyte, item.flag, item.since, item.results]),
    ).toEqual([
      ['Ferritine', 'L', '2026-02-02', 1],
      ['LDL-cholestérol', 'H', '2025-03-01', 3],
    ]);
    expect(his!.outOfRange.map((item) => item.latest.value)).toEqual([2.1]);
    // With one person selected, only theirs.
    const [only] = await personHighlights(db, [paul], [personKey(paul)], TODAY);
    expect(only!.outOfRange).toHaveLength(1);
  });

  it('gives the next appointments from today, not the cancelled ones, three at most', async () => {
    const appointment = (date: string, fields = {}) =>
      stored('appointment', {
        date,
        patient: claire,
        service: `Service ${date}`,
        status: 'booked',
        ...fields,
      });
    await put(
      db,
      appointment('2026-06-14T09:00'),
      appointment('2026-06-15T08:00'),
      appointment('2026-06-20T10:00', { status: 'cancelled' }),
      appointment('2026-07-01T10:00'),
      appointment('2026-08-01T10:00'),
      appointment('2026-09-01T10:00'),
    );
    const [hers] = await personHighlights(db, null, [personKey(claire)], TODAY);
    expect(hers!.upcoming.map((a) => a.date)).toEqual([
      '2026-06-15T08:00',
      '2026-07-01T10:00',
      '2026-08-01T10:00',
    ]);
  });

  it('adds up what was left to pay this year and last year at the same date, each act once', async () => {
    const paid = (date: string, outOfPocket: number, fields = {}) =>
      stored('reimbursement', {
        date,
        patient: claire,
        charged: outOfPocket + 10,
        outOfPocket,
        ref: `${date}-${outOfPocket}`,
        ...fields,
      });
    await put(
      db,
      paid('2026-01-05', 10.1),
      paid('2026-06-15', 5),
      // The same act listed by the mutuelle: counted once.
      paid('2026-06-15', 5, { source: 'mgen', ref: 'mgen-1' }),
      paid('2025-06-15', 7.5),
      paid('2025-06-16', 100),
      paid('2024-12-31', 1000),
    );
    const [hers] = await personHighlights(db, null, [personKey(claire)], TODAY);
    expect(hers!.spending).toEqual({
      year: '2026',
      leftToPay: 15.1,
      lastYearToDate: 7.5,
      lastYear: 107.5,
      acts: 2,
    });
  });

  it('shows a person with nothing this year or last their latest year, whole, against the one before', async () => {
    const paid = (date: string, outOfPocket: number, patient = claire) =>
      stored('reimbursement', { date, patient, outOfPocket, charged: 50, ref: `${patient}-${date}` });
    await put(
      db,
      paid('2023-03-01', 20),
      paid('2023-11-30', 5),
      paid('2022-12-01', 8),
      paid('2021-05-01', 99),
      paid('2026-05-01', 1, paul),
    );
    const [hers, his] = await personHighlights(db, null, [personKey(claire), personKey(paul)], TODAY);
    expect(hers!.spending).toEqual({
      year: '2023',
      leftToPay: 25,
      lastYearToDate: null,
      lastYear: 8,
      acts: 2,
    });
    expect(his!.spending).toMatchObject({ year: '2026', leftToPay: 1, lastYearToDate: 0 });
  });

  it('takes the three years of results before the latest, however old', async () => {
    await put(db, ldl('2019-01-01', 2.5), ldl('2020-06-01', 1.9), ldl('2023-01-01', 1.7));
    const [hers] = await personHighlights(db, null, [personKey(claire)], TODAY);
    expect(hers!.outOfRange.map((item) => [item.since, item.results])).toEqual([['2020-06-01', 2]]);
  });

  it('counts in cents, and a leap day is compared with 28 February', () => {
    const acts = Array.from({ length: 10 }, (_, i) =>
      stored('reimbursement', {
        date: '2024-02-29',
        outOfPocket: 0.1,
        charged: 1,
        ref: `r${i}`,
        patient: claire,
      }),
    );
    const ytd = yearToDate([...acts, ...acts.map((a) => ({ ...a, date: '2023-02-28' }))], '2024-02-29').get(
      personKey(claire),
    );
    expect(ytd).toMatchObject({ leftToPay: 1, lastYearToDate: 1 });
  });

  it('says nothing of a person with no records', async () => {
    const [nobody] = await personHighlights(db, null, ['x y'], TODAY);
    expect(nobody).toEqual({ person: 'x y', outOfRange: [], upcoming: [], previous: null, spending: null });
  });
});

describe('what is new since the last visit', () => {
  it('adds up the records the saves made after it added, and names their portals', async () => {
    const capture = (id: string, source: string, startedAt: string, added: number) => ({
      id,
      source,
      url: 'https://example.org/',
      title: null,
      scraper: { id: source, version: '1.0.0' },
      startedAt,
      finishedAt: startedAt,
      status: 'ok' as const,
      counts: { found: added, added, updated: 0, unchanged: 0, invalid: 0 },
      problems: [],
    });
    await db.captures.bulkAdd([
      capture('a', 'ameli', '2026-06-01T10:00:00.000Z', 4),
      capture('b', 'labo', '2026-06-10T10:00:00.000Z', 3),
      capture('c', 'ameli', '2026-06-11T10:00:00.000Z', 2),
      capture('d', 'mgen', '2026-06-12T10:00:00.000Z', 0),
    ] as never);
    expect(await savedSince(db, '2026-06-05T00:00:00.000Z')).toEqual({
      added: 5,
      sources: ['labo', 'ameli'],
    });
    expect(await savedSince(db, '2026-07-01T00:00:00.000Z')).toEqual({ added: 0, sources: [] });
  });
});

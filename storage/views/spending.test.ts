import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { leftToPay, reimbursementsOfMonth, spendingOfYear, spendingYears, totalsPerYear } from './spending';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`spending-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

const act = (
  ref: string,
  date: string,
  patient: string,
  charged: number,
  primary: number,
  complementary: number | null,
  outOfPocket: number | null = null,
) =>
  stored('reimbursement', {
    ref,
    date,
    patient,
    charged,
    reimbursedPrimary: primary,
    reimbursedComplementary: complementary,
    outOfPocket,
  });

describe('spending', () => {
  beforeEach(async () => {
    await put(
      db,
      act('1', '2024-01-10', 'Léo MARTIN', 30, 18.55, null),
      act('2', '2024-01-20', 'Camille MARTIN', 60.24, 0, 31.28, 28.96),
      act('3', '2024-03-05', 'Léo MARTIN', 418.38, 0.06, 185.29, 233.03),
      act('4', '2023-12-14', 'Léo MARTIN', 0.1, 0, 0),
      stored('reimbursement', {
        ref: '5',
        date: '2023-12-15',
        patient: 'Léo MARTIN',
        charged: null,
        reimbursedPrimary: -33.34,
        reimbursedComplementary: null,
        outOfPocket: null,
      }),
      stored('lab-result', { date: '2024-01-10' }),
    );
  });

  it('takes what was left to pay from the portal, else works it out', () => {
    expect(leftToPay(act('x', '2024-01-01', 'A', 30, 18.55, null))).toBeCloseTo(11.45);
    expect(leftToPay(act('x', '2024-01-01', 'A', 60, 0, 31, 28.96))).toBe(28.96);
  });

  it('adds up a year by month and by person, and finds the acts that left the most to pay', async () => {
    expect(await spendingYears(db)).toEqual(['2024', '2023']);
    const year = await spendingOfYear(db, null, '2024');
    expect(year.months).toHaveLength(12);
    expect(year.months[0]).toEqual({
      month: '2024-01',
      totals: { charged: 90.24, primary: 18.55, complementary: 31.28, leftToPay: 40.41, count: 2 },
    });
    expect(year.months[1]!.totals.count).toBe(0);
    expect(year.total.charged).toBe(508.62);
    expect(year.byPerson.map((p) => [p.patient, p.totals.count])).toEqual([
      ['Camille MARTIN', 1],
      ['Léo MARTIN', 2],
    ]);
    expect(year.largest.map((r) => r.ref)).toEqual(['3', '2', '1']);
    const leo = await spendingOfYear(db, ['Léo MARTIN'], '2024');
    expect(leo.total.count).toBe(2);
  });

  it('counts one person once however each portal wrote their name', async () => {
    await put(db, act('6', '2024-02-02', 'MARTIN Léo', 10, 7, 3));
    const year = await spendingOfYear(db, null, '2024');
    expect(year.byPerson.map((p) => p.totals.count)).toEqual([1, 3]);
  });

  it('gives the totals of every year and the list behind a bar', async () => {
    const years = await totalsPerYear(db, null);
    expect(years.map((y) => [y.year, y.totals.count, y.totals.primary])).toEqual([
      ['2024', 3, 18.61],
      ['2023', 2, -33.34],
    ]);
    expect((await reimbursementsOfMonth(db, null, '2024-01')).map((r) => r.ref)).toEqual(['2', '1']);
    expect(await reimbursementsOfMonth(db, ['Camille MARTIN'], '2024-03')).toEqual([]);
  });
});

describe('spending: one act listed by the insurer and by the mutuelle', () => {
  const listed = (source: string, ref: string, fields: Record<string, unknown>) =>
    stored('reimbursement', {
      source,
      ref,
      date: '2024-02-02',
      patient: 'Camille MARTIN',
      charged: 30,
      ...fields,
    });

  beforeEach(async () => {
    await put(
      db,
      // The Assurance Maladie's line, and the mutuelle's line for the same consultation.
      listed('ameli', 'a1', { reimbursedPrimary: 18.55, reimbursedComplementary: null, outOfPocket: null }),
      listed('mgen', 'm1', {
        patient: 'MARTIN Camille',
        reimbursedPrimary: 18.55,
        reimbursedComplementary: 9.45,
        outOfPocket: 2,
      }),
      // Two consultations on one day at one portal are two acts.
      listed('ameli', 'a2', {
        patient: 'Léo MARTIN',
        reimbursedPrimary: 18.55,
        reimbursedComplementary: null,
        outOfPocket: null,
      }),
      listed('ameli', 'a3', {
        patient: 'Léo MARTIN',
        reimbursedPrimary: 18.55,
        reimbursedComplementary: null,
        outOfPocket: null,
      }),
    );
  });

  it('counts it once, with what each payer paid', async () => {
    const year = await spendingOfYear(db, null, '2024');
    expect(year.total).toEqual({
      charged: 90,
      primary: 55.65,
      complementary: 9.45,
      leftToPay: 24.9,
      count: 3,
    });
    const perYear = await totalsPerYear(db, null);
    expect(perYear).toEqual([{ year: '2024', totals: year.total }]);
  });
});

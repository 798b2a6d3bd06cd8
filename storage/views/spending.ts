/**
 * Reimbursements added up: per month of a year (what the Assurance Maladie paid, what the
 * mutuelle paid, what was left to pay), per year and per person. A year is one `[kind+date]` range,
 * so the spending screen reads one year of reimbursements, not the archive; the totals of every year
 * walk the reimbursements with a cursor, holding one at a time.
 *
 * Sums are kept in cents: adding 0,10 € a thousand times must give 100,00 €.
 *
 * One care act is often listed twice: by the Assurance Maladie (what it paid) and by the mutuelle
 * (what both paid). Records of different portals for the same person, day and amount spent are
 * one act: it is counted once, with the largest amount each payer is shown to have paid.
 */
import type { MesDonneesDb } from '../db';
import type { Reimbursement } from '../schemas';
import { careKind, type CareKind } from './care';
import { foldText, inScope, personKey, type PersonScope } from './persons';

export interface Totals {
  /** What was spent (montant payé / dépense). */
  charged: number;
  primary: number;
  complementary: number;
  leftToPay: number;
  count: number;
}

export interface MonthSpending {
  /** `YYYY-MM`. */
  month: string;
  totals: Totals;
}

export interface YearSpending {
  year: string;
  months: MonthSpending[];
  total: Totals;
  byPerson: { patient: string | null; totals: Totals }[];
  /** The acts that left the most to pay, largest first. */
  largest: Reimbursement[];
  /** Per kind of care (pharmacie, optique…), what was spent the most first. */
  byCare: { care: CareKind; totals: Totals }[];
  /** Per practitioner or place, what was spent the most first; those without a name left out. */
  byProvider: { provider: string; totals: Totals }[];
}

/** What was left to pay: as the portal shows it, else what was spent less what was reimbursed. */
export function leftToPay(record: Reimbursement): number | null {
  if (record.outOfPocket !== null) return record.outOfPocket;
  if (record.charged === null) return null;
  return record.charged - (record.reimbursedPrimary ?? 0) - (record.reimbursedComplementary ?? 0);
}

class Sum {
  private cents = { charged: 0, primary: 0, complementary: 0, leftToPay: 0 };
  private count = 0;

  add(record: Reimbursement): void {
    const cents = (value: number | null) => Math.round((value ?? 0) * 100);
    this.cents.charged += cents(record.charged);
    this.cents.primary += cents(record.reimbursedPrimary);
    this.cents.complementary += cents(record.reimbursedComplementary);
    this.cents.leftToPay += cents(leftToPay(record));
    this.count++;
  }

  totals(): Totals {
    const euros = (cents: number) => cents / 100;
    return {
      charged: euros(this.cents.charged),
      primary: euros(this.cents.primary),
      complementary: euros(this.cents.complementary),
      leftToPay: euros(this.cents.leftToPay),
      count: this.count,
    };
  }
}

/** One act from the records of several portals that list it (see the file's comment). */
function mergedAct(records: readonly Reimbursement[]): Reimbursement {
  const [first, ...others] = records;
  if (!first || others.length === 0) return first as Reimbursement;
  const largest = (pick: (r: Reimbursement) => number | null) =>
    records.reduce<number | null>((max, r) => {
      const value = pick(r);
      return value === null ? max : max === null ? value : Math.max(max, value);
    }, null);
  const shown = records.find((r) => r.outOfPocket !== null);
  return {
    ...first,
    reimbursedPrimary: largest((r) => r.reimbursedPrimary),
    reimbursedComplementary: largest((r) => r.reimbursedComplementary),
    outOfPocket: shown ? shown.outOfPocket : null,
  };
}

/** The acts behind the records: records of different portals describing one act are merged. */
export function acts(records: readonly Reimbursement[]): Reimbursement[] {
  const groups = new Map<string, Reimbursement[]>();
  const out: Reimbursement[][] = [];
  for (const record of records) {
    if (record.charged === null) {
      out.push([record]);
      continue;
    }
    const key = `${personKey(record.patient ?? '')}|${record.date.slice(0, 10)}|${Math.round(record.charged * 100)}`;
    const group = groups.get(key);
    // Within one portal, two lines are two acts (two consultations on one day): never merged.
    if (group && !group.some((r) => r.source === record.source)) group.push(record);
    else {
      const fresh = [record];
      groups.set(key, fresh);
      out.push(fresh);
    }
  }
  return out.map(mergedAct);
}

function reimbursementsBetween(db: MesDonneesDb, from: string, to: string) {
  return db.records.where('[kind+date]').between(['reimbursement', from], ['reimbursement', to], true, true);
}

/** The years from the first reimbursement to the last, newest first (two index reads). */
export async function spendingYears(db: MesDonneesDb): Promise<string[]> {
  const all = reimbursementsBetween(db, '', '\uffff');
  const [first, last] = await Promise.all([all.first(), all.last()]);
  if (!first || !last) return [];
  const years: string[] = [];
  for (let year = Number(last.date.slice(0, 4)); year >= Number(first.date.slice(0, 4)); year--) {
    years.push(String(year));
  }
  return years;
}

export async function spendingOfYear(
  db: MesDonneesDb,
  scope: PersonScope,
  year: string,
  largestCount = 10,
): Promise<YearSpending> {
  const records = acts(
    (await reimbursementsBetween(db, `${year}-01-01`, `${year}-12-31\uffff`)
      .filter((record) => inScope(record, scope))
      .toArray()) as Reimbursement[],
  );
  const months = Array.from({ length: 12 }, () => new Sum());
  const total = new Sum();
  // One person however each portal wrote their name: « Claire DUPONT » and « DUPONT Claire ».
  const persons = new Map<string | null, { patient: string | null; sum: Sum }>();
  const cares = new Map<CareKind, Sum>();
  // One practitioner as each portal spells them: « PHARMACIE DU MARCHÉ » and « Pharmacie du Marché ».
  const providers = new Map<string, { name: string; sum: Sum }>();
  const into = <K>(map: Map<K, Sum>, key: K, record: Reimbursement) => {
    const sum = map.get(key) ?? new Sum();
    sum.add(record);
    map.set(key, sum);
  };
  for (const record of records) {
    months[Number(record.date.slice(5, 7)) - 1]?.add(record);
    total.add(record);
    const personId = record.patient === null ? null : personKey(record.patient);
    const person = persons.get(personId) ?? { patient: record.patient, sum: new Sum() };
    person.sum.add(record);
    persons.set(personId, person);
    into(cares, careKind(record.act, record.provider), record);
    if (record.provider) {
      const key = foldText(record.provider);
      const provider = providers.get(key) ?? { name: record.provider, sum: new Sum() };
      provider.sum.add(record);
      providers.set(key, provider);
    }
  }
  const bySpent = (a: { totals: Totals }, b: { totals: Totals }) =>
    b.totals.charged - a.totals.charged || b.totals.count - a.totals.count;
  const largest = records
    .filter((record) => (leftToPay(record) ?? 0) > 0)
    .sort((a, b) => (leftToPay(b) ?? 0) - (leftToPay(a) ?? 0) || b.date.localeCompare(a.date))
    .slice(0, largestCount);
  return {
    year,
    months: months.map((sum, i) => ({
      month: `${year}-${String(i + 1).padStart(2, '0')}`,
      totals: sum.totals(),
    })),
    total: total.totals(),
    byPerson: [...persons.values()]
      .map(({ patient, sum }) => ({ patient, totals: sum.totals() }))
      .sort((a, b) => (a.patient ?? '').localeCompare(b.patient ?? '')),
    largest,
    byCare: [...cares].map(([care, sum]) => ({ care, totals: sum.totals() })).sort(bySpent),
    byProvider: [...providers.values()]
      .map(({ name, sum }) => ({ provider: name, totals: sum.totals() }))
      .sort((a, b) => bySpent(a, b) || a.provider.localeCompare(b.provider)),
  };
}

/** Totals of every year, newest first. */
export async function totalsPerYear(
  db: MesDonneesDb,
  scope: PersonScope,
): Promise<{ year: string; totals: Totals }[]> {
  const years = new Map<string, Sum>();
  // Records come in date order: the acts of one day are merged, then added, day by day.
  let day: Reimbursement[] = [];
  const flush = () => {
    for (const act of acts(day)) {
      const year = act.date.slice(0, 4);
      const sum = years.get(year) ?? new Sum();
      sum.add(act);
      years.set(year, sum);
    }
    day = [];
  };
  await reimbursementsBetween(db, '', '\uffff').each((record) => {
    if (!inScope(record, scope)) return;
    if (day[0] && day[0].date.slice(0, 10) !== record.date.slice(0, 10)) flush();
    day.push(record as Reimbursement);
  });
  flush();
  return [...years]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([year, sum]) => ({ year, totals: sum.totals() }));
}

/** The reimbursements behind one bar: a month, `YYYY-MM`, newest first. */
export async function reimbursementsOfMonth(
  db: MesDonneesDb,
  scope: PersonScope,
  month: string,
): Promise<Reimbursement[]> {
  const records = await reimbursementsBetween(db, `${month}-01`, `${month}-31\uffff`)
    .reverse()
    .filter((record) => inScope(record, scope))
    .toArray();
  return records as Reimbursement[];
}

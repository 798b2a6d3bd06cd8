/**
 * What matters now, per person: the tests whose latest result is out of range (and since when),
 * the next appointments, what was left to pay this year against last year at the same date. The
 * Aperçu answers from these small queries, each one `[kind+date]` range of the index, never the
 * whole archive: the latest lab results (three years at most before the latest, 500 at most), appointments from today (or
 * the last one), reimbursements of this year and the last (or of a person's latest year).
 */
import type { MesDonneesDb, RecordRow } from '../db';
import type { Appointment, LabResult, Reimbursement } from '../schemas';
import { analyteKey } from './labs';
import { inScope, personKey, type PersonScope } from './persons';
import { acts, leftToPay } from './spending';

/** How far back a test's latest result is still news: older, it is history, shown in Analyses. */
export const RECENT_LAB_YEARS = 3;
/**
 * Lab results read at most, the most recent first: the latest result of every test of a dozen
 * lab reports, without reading an archive's whole history.
 */
export const LAB_RESULTS_READ = 500;
/** Earlier appointments read, the latest first, to find the last one of a person with none to come. */
export const EARLIER_READ = 500;
/** Appointments shown per person. */
export const UPCOMING_PER_PERSON = 3;

export type RangeFlag = 'H' | 'L' | 'A';

/**
 * Out of range: as the lab flagged it, else by its own reference range (some labs print the
 * range and no flag). Null when within range or when nothing says.
 */
export function rangeFlag(result: LabResult): RangeFlag | null {
  if (result.flag !== null) return result.flag;
  if (result.value === null || result.comparator !== null) return null;
  if (result.refHigh !== null && result.value > result.refHigh) return 'H';
  if (result.refLow !== null && result.value < result.refLow) return 'L';
  return null;
}

export interface OutOfRange {
  /** The analyte's key (`?analyse=` of Analyses). */
  key: string;
  latest: LabResult;
  flag: RangeFlag;
  /** The date of the first result of the run of out-of-range results that ends with the latest. */
  since: string;
  /** How many results in that run. */
  results: number;
}

export interface YearToDate {
  year: string;
  /** Left to pay from 1 January to today (or the whole year when it is over), in euros. */
  leftToPay: number;
  /** Last year, from 1 January to the same day; null when `year` is over (then compare whole years). */
  lastYearToDate: number | null;
  /** Last year, whole. */
  lastYear: number;
  /** Acts this year. */
  acts: number;
}

export interface PersonHighlights {
  /** `personKey` of the name; '' for records that name no one. */
  person: string;
  outOfRange: OutOfRange[];
  upcoming: Appointment[];
  /** The last appointment, when none is to come. */
  previous: Appointment | null;
  spending: YearToDate | null;
}

const dayOf = (date: string) => date.slice(0, 10);

/** The latest result of each test, out of range, with the run it ends; by person, most recent first. */
export function outOfRangeLatest(results: readonly LabResult[]): Map<string, OutOfRange[]> {
  // Newest first: a key's first result is its latest; its run goes back while results are flagged.
  const runs = new Map<string, { run: OutOfRange | null; open: boolean }>();
  for (let i = results.length - 1; i >= 0; i--) {
    const result = results[i]!;
    const key = analyteKey(result);
    const flag = rangeFlag(result);
    const state = runs.get(key);
    if (!state) {
      const run = flag ? { key, latest: result, flag, since: dayOf(result.date), results: 1 } : null;
      runs.set(key, { run, open: run !== null });
    } else if (state.open && state.run) {
      if (!flag) state.open = false;
      else {
        state.run.since = dayOf(result.date);
        state.run.results++;
      }
    }
  }
  const found = [...runs.values()].flatMap(({ run }) => (run ? [run] : []));
  found.sort(
    (a, b) => b.latest.date.localeCompare(a.latest.date) || a.latest.analyte.localeCompare(b.latest.analyte),
  );
  return byPerson(found, (run) => run.latest.patient);
}

function byPerson<T>(items: readonly T[], patient: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = personKey(patient(item) ?? '');
    map.set(key, [...(map.get(key) ?? []), item]);
  }
  return map;
}

/** `YYYY-MM-DD` shifted by whole years (29 February becomes 28). */
function yearsBefore(day: string, years: number): string {
  const year = String(Number(day.slice(0, 4)) - years).padStart(4, '0');
  const rest = day.slice(4) === '-02-29' ? '-02-28' : day.slice(4);
  return `${year}${rest}`;
}

/**
 * Left to pay per person in `year` up to `until` (`YYYY-MM-DD`), and in the year before: to the
 * same day when `year` is under way, whole when it is over (`lastYearToDate` null).
 */
export function yearToDate(
  reimbursements: readonly Reimbursement[],
  until: string,
  complete = false,
): Map<string, YearToDate> {
  const year = until.slice(0, 4);
  const lastYear = String(Number(year) - 1);
  const sameDayLastYear = yearsBefore(until, 1);
  const cents = new Map<string, { now: number; then: number; all: number; acts: number }>();
  for (const act of acts(reimbursements)) {
    const person = personKey(act.patient ?? '');
    const sums = cents.get(person) ?? { now: 0, then: 0, all: 0, acts: 0 };
    const left = Math.round((leftToPay(act) ?? 0) * 100);
    const day = dayOf(act.date);
    if (day.startsWith(year) && day <= until) {
      sums.now += left;
      sums.acts++;
    } else if (day.startsWith(lastYear)) {
      sums.all += left;
      if (day <= sameDayLastYear) sums.then += left;
    }
    cents.set(person, sums);
  }
  return new Map(
    [...cents].map(([person, sums]) => [
      person,
      {
        year,
        leftToPay: sums.now / 100,
        lastYearToDate: complete ? null : sums.then / 100,
        lastYear: sums.all / 100,
        acts: sums.acts,
      },
    ]),
  );
}

/** The records of `kind` dated from `from` to `to` (both included), from the `[kind+date]` index. */
export function kindRange(db: MesDonneesDb, kind: string, from: string, to = '\uffff') {
  return db.records.where('[kind+date]').between([kind, from], [kind, to], true, true);
}

/**
 * The collection narrowed to the scope. For everyone, no filter at all: Dexie then reads the range
 * with one `getAll`, each record handed over once, instead of a cursor step by step.
 */
function inScopeOf<C extends { filter(test: (record: RecordRow) => boolean): C }>(
  collection: C,
  scope: PersonScope,
): C {
  return scope === null ? collection : collection.filter((record) => inScope(record, scope));
}

/** The spellings of a person's name among the scope's records. */
const ofPerson = (person: string) => (record: { patient: string | null }) =>
  personKey(record.patient ?? '') === person;

/**
 * What was left to pay: this year to today against last year, per person; a person with nothing
 * in either year is shown the archive's latest earlier year with reimbursements, whole, against
 * the one before, when they have acts in it.
 */
async function spendingPerPerson(
  db: MesDonneesDb,
  scope: PersonScope,
  persons: readonly string[],
  today: string,
): Promise<Map<string, YearToDate>> {
  const year = Number(today.slice(0, 4));
  const between = (from: number, to: string) =>
    inScopeOf(kindRange(db, 'reimbursement', `${from}-01-01`, `${to}\uffff`), scope).toArray() as Promise<
      Reimbursement[]
    >;
  const spending = yearToDate(await between(year - 1, today), today);
  const missing = persons.filter((person) => person !== '' && !spending.has(person));
  if (missing.length === 0) return spending;
  // The archive's latest year with reimbursements before last year: one more year read, whole.
  const latest = await inScopeOf(
    kindRange(db, 'reimbursement', '', `${year - 2}-12-31\uffff`).reverse(),
    scope,
  ).first();
  if (!latest) return spending;
  const last = Number(latest.date.slice(0, 4));
  const then = yearToDate(await between(last - 1, `${last}-12-31`), `${last}-12-31`, true);
  for (const person of missing) {
    const found = then.get(person);
    if (found && found.acts > 0) spending.set(person, found);
  }
  return spending;
}

/**
 * What matters for each person of the scope (everyone the archive names when `null`), in the
 * order of `persons` (their `personKey`s); `today` is the person's local day, `YYYY-MM-DD`.
 */
export async function personHighlights(
  db: MesDonneesDb,
  scope: PersonScope,
  persons: readonly string[],
  today: string,
): Promise<PersonHighlights[]> {
  // The window of results that are news ends at the latest result, not today: a person whose
  // last tests are two years old still wants to know which were out of range.
  const latestLab = await inScopeOf(kindRange(db, 'lab-result', '').reverse(), scope).first();
  const labsFrom = yearsBefore(dayOf(latestLab?.date ?? today), RECENT_LAB_YEARS);
  const [labs, appointments, spending] = await Promise.all([
    inScopeOf(kindRange(db, 'lab-result', labsFrom).reverse(), scope)
      .limit(LAB_RESULTS_READ)
      .toArray()
      .then((newestFirst) => (newestFirst as LabResult[]).reverse()),
    kindRange(db, 'appointment', today)
      .filter((record) => inScope(record, scope) && (record as Appointment).status !== 'cancelled')
      .limit(UPCOMING_PER_PERSON * Math.max(1, persons.length) * 4)
      .toArray() as Promise<Appointment[]>,
    spendingPerPerson(db, scope, persons, today),
  ]);
  const outOfRange = outOfRangeLatest(labs);
  const upcoming = byPerson(appointments, (appointment) => appointment.patient);
  const waiting = persons.filter((person) => person !== '' && !upcoming.has(person));
  // Nothing to come: the last one, so that the card still says when they last went.
  const past =
    waiting.length === 0
      ? []
      : ((await kindRange(db, 'appointment', '', today)
          .reverse()
          .limit(EARLIER_READ)
          .toArray()) as Appointment[]);
  return persons.map((person) => ({
    person,
    outOfRange: outOfRange.get(person) ?? [],
    upcoming: (upcoming.get(person) ?? []).slice(0, UPCOMING_PER_PERSON),
    previous: waiting.includes(person)
      ? (past.find(
          (record) =>
            inScope(record, scope) &&
            ofPerson(person)(record) &&
            record.status !== 'cancelled' &&
            record.date < today,
        ) ?? null)
      : null,
    spending: spending.get(person) ?? null,
  }));
}

export interface SavedSince {
  /** Records the saves since then added. */
  added: number;
  /** The portals (or readers) they came from, in the order of their first save. */
  sources: string[];
}

/** What the saves made after `since` (an ISO instant) added, from the `startedAt` index. */
export async function savedSince(db: MesDonneesDb, since: string): Promise<SavedSince> {
  const captures = await db.captures.where('startedAt').above(since).toArray();
  return {
    added: captures.reduce((sum, capture) => sum + capture.counts.added, 0),
    sources: [...new Set(captures.filter((capture) => capture.counts.added > 0).map((c) => c.source))],
  };
}

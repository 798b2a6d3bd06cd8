/**
 * Lab results by analyte. One analyte is one LOINC code when the normaliser gave one (so
 * "Glycémie à jeun" from one lab and "Glucose" from another share a row and a chart), else one
 * name; in both cases in one unit, since a LOINC code names a property, not a scale (g/L and g/dL
 * share one, and their values do not belong on one axis). Results of different people never
 * share a row, even with the person selector on "everyone": a trend mixing two people would mislead.
 */
import { Dexie } from 'dexie';
import type { MesDonneesDb } from '../db';
import { ANALYTES, type BodySystem } from '../analytes/table';
import { canonicalUnit } from '../analytes/units';
import type { LabResult } from '../schemas';
import { foldText, inScope, personKey, type PersonScope } from './persons';

export interface AnalyteSummary {
  key: string;
  /** As the latest result names it. */
  name: string;
  unit: string | null;
  patient: string | null;
  latest: LabResult;
  count: number;
  /** The numeric values, oldest first (what a sparkline draws). */
  values: { date: string; value: number }[];
  labs: string[];
  /** Where the test belongs (bilan lipidique, hépatique…), from its LOINC code; null when unknown. */
  system: BodySystem | null;
}

const SYSTEM_OF = new Map(ANALYTES.map((entry) => [entry.loinc, entry.system]));

export function systemOf(loinc: string | null): BodySystem | null {
  return (loinc && SYSTEM_OF.get(loinc)) || null;
}

/** Spellings of one scale: "UI/L" and "U/L" are the same unit, "µmol/L" and "umol/L" too. */
const SAME_SCALE: Readonly<Record<string, string>> = {
  'ui/l': 'u/l',
  'iu/l': 'u/l',
  'mui/l': 'mu/l',
  'miu/l': 'mu/l',
  'mui/ml': 'mu/ml',
  'miu/ml': 'mu/ml',
  'ui/ml': 'u/ml',
  'iu/ml': 'u/ml',
};

export function unitKey(unit: string | null): string {
  const canonical = canonicalUnit(unit);
  return SAME_SCALE[canonical] ?? canonical;
}

export function analyteKey(result: LabResult): string {
  const what = result.loinc ? `loinc:${result.loinc}` : `name:${foldText(result.analyte)}`;
  return `${personKey(result.patient ?? '')}|${what}|${unitKey(result.unit)}`;
}

/** The lab results of the scope, oldest first, from the `[kind+date]` index (lab results only). */
async function labResults(db: MesDonneesDb, scope: PersonScope): Promise<LabResult[]> {
  const results = await db.records
    .where('[kind+date]')
    .between(['lab-result', Dexie.minKey], ['lab-result', Dexie.maxKey])
    .filter((record) => inScope(record, scope))
    .toArray();
  return results as LabResult[];
}

export async function labSummaries(db: MesDonneesDb, scope: PersonScope): Promise<AnalyteSummary[]> {
  const groups = new Map<string, LabResult[]>();
  for (const result of await labResults(db, scope)) {
    const key = analyteKey(result);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups]
    .map(([key, results]): AnalyteSummary => {
      const latest = results[results.length - 1]!;
      return {
        key,
        name: latest.analyte,
        unit: latest.unit,
        patient: latest.patient,
        latest,
        count: results.length,
        values: results.flatMap((r) => (r.value === null ? [] : [{ date: r.date, value: r.value }])),
        labs: [...new Set(results.flatMap((r) => (r.lab ? [r.lab] : [])))],
        system: systemOf(latest.loinc),
      };
    })
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) ||
        personKey(a.patient ?? '').localeCompare(personKey(b.patient ?? '')) ||
        unitKey(a.unit).localeCompare(unitKey(b.unit)),
    );
}

/** Every result of one analyte, oldest first. */
export async function analyteResults(
  db: MesDonneesDb,
  scope: PersonScope,
  key: string,
): Promise<LabResult[]> {
  return (await labResults(db, scope)).filter((result) => analyteKey(result) === key);
}

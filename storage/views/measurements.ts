/**
 * Measurements as series: one per person and measured thing (name and unit), oldest first, from
 * the `[kind+date]` index. Blood pressure comes as two series (systolic, diastolic: the record
 * model keeps one value per record) that a chart draws together.
 */
import { Dexie } from 'dexie';
import type { MesDonneesDb } from '../db';
import type { Measurement } from '../schemas';
import { foldText, inScope, personKey, type PersonScope } from './persons';

export interface MeasurementSeries {
  key: string;
  name: string;
  unit: string | null;
  patient: string | null;
  points: Measurement[];
}

export type MeasureType = 'weight' | 'systolic' | 'diastolic' | 'other';

/** What a measurement measures, from its name as French and English portals write it. */
export function measureType(name: string): MeasureType {
  const folded = foldText(name);
  if (/\b(poids|weight|masse corporelle)\b/.test(folded)) return 'weight';
  if (/\b(systolique|systolic)\b/.test(folded)) return 'systolic';
  if (/\b(diastolique|diastolic)\b/.test(folded)) return 'diastolic';
  return 'other';
}

export async function measurementSeries(db: MesDonneesDb, scope: PersonScope): Promise<MeasurementSeries[]> {
  const records = (await db.records
    .where('[kind+date]')
    .between(['measurement', Dexie.minKey], ['measurement', Dexie.maxKey])
    .filter((record) => inScope(record, scope))
    .toArray()) as Measurement[];
  const series = new Map<string, MeasurementSeries>();
  for (const record of records) {
    const key = `${personKey(record.patient ?? '')}|${foldText(record.name)}|${foldText(record.unit ?? '')}`;
    const found = series.get(key);
    if (found) found.points.push(record);
    else
      series.set(key, {
        key,
        name: record.name,
        unit: record.unit,
        patient: record.patient,
        points: [record],
      });
  }
  return [...series.values()].sort(
    (a, b) => (a.patient ?? '').localeCompare(b.patient ?? '') || a.name.localeCompare(b.name),
  );
}

/** One person's systolic and diastolic series, paired for one chart. */
export function bloodPressurePairs(
  series: readonly MeasurementSeries[],
): { patient: string | null; systolic: MeasurementSeries; diastolic: MeasurementSeries | null }[] {
  return series
    .filter((s) => measureType(s.name) === 'systolic')
    .map((systolic) => ({
      patient: systolic.patient,
      systolic,
      diastolic:
        series.find(
          (s) =>
            measureType(s.name) === 'diastolic' &&
            personKey(s.patient ?? '') === personKey(systolic.patient ?? ''),
        ) ?? null,
    }));
}

/**
 * One person's summary for a doctor, in the spirit of the International Patient Summary: the
 * latest result of each test with its range and trend, vaccinations, treatments of the last
 * year, allergies and problems where a document gave them, recent documents and appointments,
 * and the portals it all came from with their last save. Each part is one `[kind+date]` range
 * of the person's records.
 */
import type { CaptureRow, MesDonneesDb } from '../db';
import type {
  Allergy,
  Appointment,
  HealthDocument,
  Immunization,
  Medication,
  HealthProblem,
  RecordKind,
  StoredRecord,
} from '../schemas';
import { readStats } from '../stats';
import { kindRange } from './highlights';
import { labSummaries, type AnalyteSummary } from './labs';
import { inScope, type PersonScope } from './persons';

/** Treatments bought or prescribed in this many months before the latest are « current ». */
export const CURRENT_TREATMENT_MONTHS = 12;
export const RECENT_DOCUMENTS = 10;
export const RECENT_APPOINTMENTS = 3;

export interface PersonSummary {
  results: AnalyteSummary[];
  immunizations: Immunization[];
  medications: Medication[];
  allergies: Allergy[];
  problems: HealthProblem[];
  documents: HealthDocument[];
  appointments: { upcoming: Appointment[]; past: Appointment[] };
  sources: { source: string; records: number; lastSave: string | null }[];
}

/** The person's records of one kind, newest first. */
async function newestFirst<K extends RecordKind>(
  db: MesDonneesDb,
  kind: K,
  scope: PersonScope,
): Promise<Extract<StoredRecord, { kind: K }>[]> {
  const records = await kindRange(db, kind, '')
    .filter((record) => inScope(record, scope))
    .toArray();
  return records.reverse() as Extract<StoredRecord, { kind: K }>[];
}

/** `YYYY-MM-DD`, `months` before `day`. */
function monthsBefore(day: string, months: number): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

/** The latest of each treatment (by name), bought or prescribed in the months before the latest. */
export function currentTreatments(medications: readonly Medication[]): Medication[] {
  const latest = medications[0];
  if (!latest) return [];
  const from = monthsBefore(latest.date, CURRENT_TREATMENT_MONTHS);
  const seen = new Set<string>();
  return medications.filter((medication) => {
    const name = medication.name.trim().toLocaleLowerCase('fr');
    if (medication.date < from || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

const ACTIVE_FIRST = { active: 0, inactive: 1, resolved: 2 } as const;
const byStatus = <T extends { status: keyof typeof ACTIVE_FIRST | null }>(items: T[]): T[] =>
  [...items].sort(
    (a, b) => (ACTIVE_FIRST[a.status ?? 'active'] ?? 0) - (ACTIVE_FIRST[b.status ?? 'active'] ?? 0),
  );

/** The summary of the person whose spellings are `scope`; `today` is `YYYY-MM-DD`. */
export async function personSummary(
  db: MesDonneesDb,
  scope: readonly string[],
  today: string,
): Promise<PersonSummary> {
  const [results, immunizations, medications, allergies, problems, documents, appointments, stats] =
    await Promise.all([
      labSummaries(db, scope),
      newestFirst(db, 'immunization', scope),
      newestFirst(db, 'medication', scope),
      newestFirst(db, 'allergy', scope),
      newestFirst(db, 'problem', scope),
      newestFirst(db, 'document', scope),
      newestFirst(db, 'appointment', scope),
      readStats(db),
    ]);
  const counts = new Map<string, number>();
  for (const row of stats) {
    if (row.patient !== null && scope.includes(row.patient)) {
      counts.set(row.source, (counts.get(row.source) ?? 0) + row.count);
    }
  }
  const lastSaves = await Promise.all(
    [...counts.keys()].map(async (source) => {
      const last: CaptureRow | undefined = await db.captures
        .where('[source+startedAt]')
        .between([source, ''], [source, '\uffff'])
        .last();
      return [source, last?.startedAt ?? null] as const;
    }),
  );
  const kept = appointments.filter((appointment) => appointment.status !== 'cancelled');
  return {
    results,
    immunizations,
    medications: currentTreatments(medications),
    allergies: byStatus(allergies),
    problems: byStatus(problems),
    documents: documents.slice(0, RECENT_DOCUMENTS),
    appointments: {
      upcoming: kept
        .filter((appointment) => appointment.date >= today)
        .reverse()
        .slice(0, RECENT_APPOINTMENTS),
      past: kept.filter((appointment) => appointment.date < today).slice(0, RECENT_APPOINTMENTS),
    },
    sources: lastSaves
      .map(([source, lastSave]) => ({ source, records: counts.get(source) ?? 0, lastSave }))
      .sort((a, b) => b.records - a.records || a.source.localeCompare(b.source)),
  };
}

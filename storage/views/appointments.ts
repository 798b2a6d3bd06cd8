/** Appointments to come, soonest first, from the `[kind+date]` index. */
import type { MesDonneesDb } from '../db';
import type { Appointment } from '../schemas';
import { inScope, type PersonScope } from './persons';

/** From `today` (`YYYY-MM-DD`, the person's local day) on: an appointment of today is still to come. */
export async function upcomingAppointments(
  db: MesDonneesDb,
  scope: PersonScope,
  today: string,
  limit = 100,
): Promise<Appointment[]> {
  const records = await db.records
    .where('[kind+date]')
    .between(['appointment', today], ['appointment', '\uffff'], true, true)
    .filter((record) => inScope(record, scope))
    .limit(limit)
    .toArray();
  return records as Appointment[];
}

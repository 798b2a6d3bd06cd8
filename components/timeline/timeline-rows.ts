/** The timeline's rows: a heading row at each new day, then that day's records. */
import { dayOf } from '../../lib/dates';
import type { RecordRow } from '../../storage/db';

export type TimelineRow =
  { type: 'day'; key: string; day: string } | { type: 'record'; key: string; record: RecordRow };

export function timelineRows(records: readonly RecordRow[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let day: string | null = null;
  for (const record of records) {
    const recordDay = dayOf(record.date);
    if (recordDay !== day) {
      day = recordDay;
      rows.push({ type: 'day', key: `day:${day}`, day });
    }
    rows.push({ type: 'record', key: record.id, record });
  }
  return rows;
}

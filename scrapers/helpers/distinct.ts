/**
 * One record per identity: a document may repeat an analyte (two isolates of a culture each
 * tested against the same antibiotic, a result printed on two pages). A lab result whose identity
 * another already has is told apart by its panel (« Amoxicilline (Escherichia coli) »); a record
 * that repeats another exactly is dropped; one that still collides is reported and dropped, never
 * allowed to overwrite the first.
 */
import { recordId } from '../../storage/ids';
import type { ScrapedRecord } from '../../storage/schemas';
import type { ScrapeContext } from '../contract';

export function distinctRecords(records: readonly ScrapedRecord[], ctx: ScrapeContext): ScrapedRecord[] {
  // One id per record; only records that share one are looked at again (a report has a few).
  const ids = records.map((record) => recordId(record));
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const kept: ScrapedRecord[] = [];
  records.forEach((record, i) => {
    const id = ids[i]!;
    if (counts.get(id) === 1) {
      seen.add(id);
      kept.push(record);
      return;
    }
    // Built by the same code, two records that repeat each other serialise alike.
    const text = JSON.stringify(record);
    if (repeated.has(text)) return;
    repeated.add(text);
    // Lab results that share an identity are all told apart by their panel, not only the later ones.
    const candidate =
      record.kind === 'lab-result' && record.panel !== null
        ? { ...record, analyte: `${record.analyte} (${record.panel})` }
        : record;
    const own = candidate === record ? id : recordId(candidate);
    if (seen.has(own)) {
      ctx.problem({
        level: 'warning',
        message: `Un élément répète un autre du même document avec d'autres valeurs : seul le premier est gardé (${describe(record)})`,
      });
      return;
    }
    seen.add(own);
    kept.push(candidate);
  });
  return kept;
}

function describe(record: ScrapedRecord): string {
  switch (record.kind) {
    case 'lab-result':
      return `« ${record.analyte} »${record.unit ? ` en ${record.unit}` : ''}`;
    case 'immunization':
      return `« ${record.vaccine} » du ${record.date}`;
    case 'allergy':
      return `« ${record.substance} »`;
    case 'table-row':
      return record.table;
    case 'reimbursement':
      return `« ${record.act} » du ${record.date}`;
    case 'appointment':
    case 'document':
      return record.date;
    default:
      return `« ${record.name} »`;
  }
}

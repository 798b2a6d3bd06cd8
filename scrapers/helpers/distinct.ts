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
  // Built by the same code, two records that repeat each other serialise alike.
  const exact = new Set<string>();
  const unique = records.filter((record) => {
    const text = JSON.stringify(record);
    if (exact.has(text)) return false;
    exact.add(text);
    return true;
  });
  // Lab results that share an identity are all told apart by their panel, not only the later ones.
  const counts = new Map<string, number>();
  for (const record of unique) counts.set(recordId(record), (counts.get(recordId(record)) ?? 0) + 1);
  const seen = new Set<string>();
  const kept: ScrapedRecord[] = [];
  for (const record of unique) {
    const shared = (counts.get(recordId(record)) ?? 0) > 1;
    const candidate =
      shared && record.kind === 'lab-result' && record.panel !== null
        ? { ...record, analyte: `${record.analyte} (${record.panel})` }
        : record;
    const id = recordId(candidate);
    if (seen.has(id)) {
      ctx.problem({
        level: 'warning',
        message: `Un élément répète un autre du même document avec d'autres valeurs : seul le premier est gardé (${describe(record)})`,
      });
      continue;
    }
    seen.add(id);
    kept.push(candidate);
  }
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

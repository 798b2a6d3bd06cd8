/**
 * Reading a list row by row: a row whose text cannot be read (a date that is no date) is
 * reported through `ctx.problem` with its position and text, and the other rows are kept. Any
 * other error (a `PageLayoutError`, a bug) still stops the page.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import type { ScrapeContext } from '../contract';
import { linesOf } from './dom';
import { ParseError } from './parse-error';

/**
 * The records of every readable row, in order. `what` names a row for the message
 * ("Rendez-vous passé" → "Rendez-vous passé n°2 ignoré : date illisible : « 31/02/2024 »").
 */
export function readRows(
  rows: readonly Element[],
  what: string,
  ctx: ScrapeContext,
  read: (row: Element) => ScrapedRecord | ScrapedRecord[],
): ScrapedRecord[] {
  const records: ScrapedRecord[] = [];
  rows.forEach((row, index) => {
    try {
      records.push(...[read(row)].flat());
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({
        level: 'warning',
        message: `${what} n°${index + 1} ignoré : ${error.message}`,
        detail: linesOf(row).join(' | '),
      });
    }
  });
  return records;
}

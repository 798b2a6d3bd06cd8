import { describe, expect, it } from 'vitest';
import type { Problem, ScrapedRecord } from '../../storage/schemas';
import { PageLayoutError } from '../contract';
import { parseDate } from './dates';
import { readRows } from './rows';

function rows(markup: string): Element[] {
  const list = document.createElement('ul');
  list.innerHTML = markup;
  return Array.from(list.children);
}

const record = (date: string): ScrapedRecord => ({
  kind: 'immunization',
  source: 'test',
  patient: null,
  date,
  sourceUrl: 'https://x.fr/',
  vaccine: 'Priorix',
  dose: null,
  lot: null,
  performer: null,
  fromDocument: null,
});

describe('readRows', () => {
  it('keeps the readable rows and reports the others with their position and text', () => {
    const problems: Problem[] = [];
    const records = readRows(
      rows('<li>05/03/2024</li><li><b>31/02/2024</b><br>Priorix</li><li>06/03/2024</li>'),
      'Vaccination',
      { problem: (p) => void problems.push(p) },
      (row) => record(parseDate(row.firstChild?.textContent) ?? ''),
    );
    expect(records.map((r) => r.date)).toEqual(['2024-03-05', '2024-03-06']);
    expect(problems).toEqual([
      {
        level: 'warning',
        message: 'Vaccination n°2 ignoré : date illisible : « 31/02/2024 »',
        detail: '31/02/2024 | Priorix',
      },
    ]);
  });

  it('flattens a row that gives several records', () => {
    const ctx = { problem: () => {} };
    const records = readRows(rows('<li>a</li>'), 'Mesure', ctx, () => [
      record('2024-01-01'),
      record('2024-01-02'),
    ]);
    expect(records).toHaveLength(2);
  });

  it('lets a changed layout stop the page', () => {
    const ctx = { problem: () => {} };
    expect(() =>
      readRows(rows('<li>a</li>'), 'Ligne', ctx, () => {
        throw new PageLayoutError('colonne « Date » introuvable');
      }),
    ).toThrow(PageLayoutError);
  });
});

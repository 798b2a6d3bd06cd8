import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRoute } from '../../lib/route';
import { stored } from '../../storage/views/test-records';
import { harness, type Harness } from '../views/test-harness';
import { filterFromRoute } from './timeline-filter';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const rows = () => h.all('[data-testid="record-row"]');

describe('timeline filters', () => {
  it('reads the filters from the address, ignoring what is not one', () => {
    const route = parseRoute('#/chronologie?type=lab-result&portail=labo&du=2024-01-01&au=nope&q=%20foie%20');
    expect(filterFromRoute(route, ['Léo MARTIN'])).toEqual({
      kinds: ['lab-result'],
      sources: ['labo'],
      persons: ['Léo MARTIN'],
      from: '2024-01-01',
      to: null,
      text: 'foie',
    });
    expect(filterFromRoute(parseRoute('#/chronologie?type=autre'), null).kinds).toEqual([]);
  });

  it('narrows the timeline as the person types, then clears', async () => {
    await h.put(
      stored('lab-result', { analyte: 'Créatinine', reportId: '1' }),
      stored('lab-result', { analyte: 'Glycémie', reportId: '2' }),
      stored('reimbursement', { act: 'Consultation' }),
    );
    await h.open('#/chronologie');
    expect(rows()).toHaveLength(3);
    const search = h.root.querySelector<HTMLInputElement>('[data-testid="filter-text"]')!;
    await act(() => {
      search.value = 'creatinine';
      search.dispatchEvent(new Event('input'));
    });
    await h.settle(600);
    expect(location.hash).toBe('#/chronologie?q=creatinine');
    expect(rows().map((row) => row.textContent)).toEqual([expect.stringContaining('Créatinine')]);
    await act(() => h.root.querySelector<HTMLButtonElement>('.filters button')!.click());
    await h.settle();
    expect(rows()).toHaveLength(3);
    expect(h.root.querySelector<HTMLInputElement>('[data-testid="filter-text"]')?.value).toBe('');
  });
});

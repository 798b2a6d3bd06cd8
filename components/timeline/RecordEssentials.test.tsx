import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import { harness, type Harness } from '../views/test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const what = () =>
  h
    .all('[data-testid="record-row"] [data-field="what"]')
    .map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim());

describe('the timeline in plain words', () => {
  it('says what a lab’s short name stands for, and nothing more when its name says it already', async () => {
    await h.put(
      stored('lab-result', {
        analyte: 'BUN',
        loinc: '3094-0',
        valueText: '14',
        unit: 'mg/dL',
        date: '2024-03-02',
      }),
      stored('lab-result', { analyte: 'Créatinine', loinc: '2160-0', date: '2024-03-01' }),
    );
    await h.open('#/chronologie');
    const [bun, creatinine] = what();
    expect(bun).toContain('Urée (BUN : azote uréique)');
    expect(creatinine).not.toMatch(/Créatinine.*Créatinine/);
  });

  it('shows a problem and an allergy from a summary, with their status', async () => {
    await h.put(
      stored('problem', { name: 'Asthme', status: 'resolved', end: '2019-06-01', date: '2024-02-01' }),
      stored('allergy', {
        substance: 'Pénicilline',
        reaction: 'Urticaire',
        status: 'active',
        date: '2024-01-01',
      }),
    );
    await h.open('#/chronologie');
    expect(what()).toEqual([
      "Asthmeguéri ou terminé · jusqu'au 1 juin 2019",
      expect.stringMatching(/^PénicillineUrticaire · .*en cours$/),
    ]);
  });
});

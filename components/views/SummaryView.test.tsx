import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localToday } from '../../lib/dates';
import { stored } from '../../storage/views/test-records';
import { currentTreatments } from '../../storage/views/summary';
import { capture } from './test-captures';
import { harness, type Harness } from './test-harness';

let h: Harness;
const claire = 'Claire DUPONT';
const nextMonth = localToday(new Date(Date.now() + 30 * 86_400_000));
beforeEach(async () => {
  h = harness();
  await h.put(
    stored('lab-result', {
      patient: claire,
      date: '2024-01-05',
      value: 1.3,
      valueText: '1,3',
      reportId: 'a',
      flag: 'H',
    }),
    stored('lab-result', {
      patient: 'DUPONT Claire',
      date: '2024-06-05',
      value: 1.5,
      valueText: '1,5',
      reportId: 'b',
      flag: 'H',
    }),
    stored('immunization', { patient: claire, date: '2023-10-02', vaccine: 'Grippe saisonnière' }),
    stored('medication', { patient: claire, date: '2024-05-01', name: 'Atorvastatine 20 mg' }),
    stored('medication', { patient: claire, date: '2022-01-01', name: 'Amoxicilline 1 g' }),
    stored('allergy', { patient: claire, substance: 'Pénicilline', status: 'active' }),
    stored('appointment', {
      patient: claire,
      date: `${nextMonth}T09:30`,
      service: 'Cardiologie',
      status: 'booked',
    }),
    stored('reimbursement', { patient: 'Léo MARTIN' }),
  );
  await h.db.captures.bulkAdd([capture('labo', new Date().toISOString())]);
});
afterEach(() => h.close());

describe('SummaryView', () => {
  it('asks whom it is for when the archive holds several people', async () => {
    await h.open('#/resume');
    const people = h.all('[data-testid="summary-persons"] a').map((a) => a.textContent);
    expect(people).toEqual(['Claire DUPONT', 'Léo MARTIN']);
  });

  it('holds one person’s essentials, the parts chosen, and prints through the browser', async () => {
    await h.open('#/resume?personne=claire+dupont');
    const summary = h.root.querySelector('[data-testid="summary"]')!;
    expect(summary.querySelector('h3')?.textContent).toBe('Résumé de santé de Claire DUPONT');
    const part = (id: string) => summary.querySelector(`[data-section="${id}"]`);
    // Both spellings of her name: one test, its two results.
    expect(part('results')?.getAttribute('data-count')).toBe('1');
    expect(part('results')?.textContent).toContain('de 1,3 à 1,5 en 2 résultats');
    // By body system, as Analyses shows them.
    expect(part('results')?.querySelector('.group-row')?.textContent).toBe('Glycémie et diabète');
    expect(part('immunizations')?.textContent).toContain('Grippe saisonnière');
    // Treatments of the last year before the latest: not the 2022 antibiotic.
    expect(part('medications')?.textContent).toContain('Atorvastatine');
    expect(part('medications')?.textContent).not.toContain('Amoxicilline');
    expect(part('allergies')?.textContent).toContain('Pénicilline');
    expect(part('problems')?.textContent).toContain('Aucune donnée enregistrée.');
    expect(part('appointments')?.textContent).toContain('Cardiologie');
    // Nothing of Léo's.
    expect(summary.textContent).not.toContain('MARTIN');

    const box = h.root.querySelector<HTMLInputElement>('input[name="documents"]')!;
    box.click();
    await h.settle(100);
    expect(summary.querySelector('[data-section="documents"]')).toBeNull();
    expect(h.all('[data-testid="summary-section"]')).toHaveLength(7);

    // happy-dom has no print dialog: the browser's own is what the button opens.
    const print = vi.fn();
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    h.root.querySelector<HTMLButtonElement>('[data-testid="summary-print"]')!.click();
    expect(print).toHaveBeenCalledOnce();
  });

  it('keeps the latest of each treatment, over the year before the latest', () => {
    const m = (date: string, name: string) => stored('medication', { date, name });
    expect(
      currentTreatments([
        m('2024-05-01', 'A'),
        m('2024-02-01', 'a '),
        m('2023-06-01', 'B'),
        m('2023-04-30', 'C'),
      ]).map((x) => `${x.date} ${x.name}`),
    ).toEqual(['2024-05-01 A', '2023-06-01 B']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(async () => {
  h = harness();
  const act = (
    ref: string,
    date: string,
    patient: string,
    charged: number,
    primary: number,
    outOfPocket: number,
    what = `Acte ${ref}`,
    provider: string | null = null,
  ) =>
    stored('reimbursement', {
      ref,
      date,
      patient,
      act: what,
      provider,
      charged,
      reimbursedPrimary: primary,
      reimbursedComplementary: null,
      outOfPocket,
    });
  await h.put(
    act('1', '2024-01-10', 'Léo MARTIN', 30, 18.55, 11.45, 'Acte 1', 'Dr MOREAU Anne'),
    act('2', '2024-01-20', 'Camille MARTIN', 50, 21, 29, 'Acte 2', 'PHARMACIE DU MARCHÉ'),
    act('3', '2024-03-05', 'Léo MARTIN', 2988.4, 2390.72, 597.68, 'Acte 3'),
    act('4', '2023-12-14', 'Léo MARTIN', 26.5, 18.55, 7.95),
  );
});
afterEach(() => h.close());

const cells = (row: Element | undefined) =>
  [...(row?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent);

describe('SpendingView', () => {
  it('adds up the latest year by month, with its chart and the acts that left the most to pay', async () => {
    await h.open('#/depenses');
    expect(h.root.querySelector<HTMLSelectElement>('[data-testid="spending-year"]')?.value).toBe('2024');
    expect(h.root.querySelector('[data-testid="spending-total"]')?.getAttribute('data-count')).toBe('3');
    expect(h.root.querySelector('[data-testid="chart"][data-kind="spending"]')).not.toBeNull();
    const months = h.all('[data-testid="spending-months"] tbody tr');
    expect(months).toHaveLength(12);
    expect(cells(months[0]).map((c) => c?.replace(/\s/g, ' '))).toEqual([
      'janvier 2024',
      '80,00 €',
      '39,55 €',
      '0,00 €',
      '40,45 €',
      '2',
    ]);
    expect(
      h
        .all('[data-testid="largest-acts"] [data-testid="act-row"]')
        .map((r) => r.querySelector('a')?.textContent),
    ).toEqual(['Acte 3', 'Acte 2', 'Acte 1']);
    expect(h.all('[data-testid="spending-persons"] tbody tr')).toHaveLength(2);
    // By kind of care and by practitioner, the costliest first.
    expect(
      h.all('[data-testid="spending-care"] tbody tr').map((r) => r.querySelector('th')?.textContent),
    ).toEqual(['Autres soins', 'Pharmacie', 'Consultations de médecins']);
    expect(
      h.all('[data-testid="spending-providers"] tbody tr').map((r) => r.querySelector('th')?.textContent),
    ).toEqual(['PHARMACIE DU MARCHÉ', 'Dr MOREAU Anne']);
    expect(h.all('[data-testid="spending-years"] tbody tr').map((r) => r.getAttribute('data-key'))).toEqual([
      '2024',
      '2023',
    ]);
  });

  it('lists the acts behind a month, and follows the person selected', async () => {
    await h.open('#/depenses?annee=2024&mois=2024-01');
    expect(h.root.querySelector('[data-testid="month-acts"]')?.getAttribute('data-count')).toBe('2');
    await h.go('#/depenses?annee=2024&mois=2024-01&personne=leo+martin');
    expect(h.root.querySelector('[data-testid="month-acts"]')?.getAttribute('data-count')).toBe('1');
    expect(h.root.querySelector('[data-testid="spending-total"]')?.getAttribute('data-count')).toBe('2');
  });
});
